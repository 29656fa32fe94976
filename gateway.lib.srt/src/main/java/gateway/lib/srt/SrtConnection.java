package gateway.lib.srt;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * An accepted SRT connection in live mode: messages arrive in order at their delivery time
 * (the sender's timestamp plus the negotiated latency). Thread-safe.
 */
public interface SrtConnection extends AutoCloseable {

    /** @return the stream id the caller sent, or "" */
    String streamId();

    /** @return the caller's address */
    InetSocketAddress peer();

    /** @return the index, in the access decision's list, of the passphrase the caller used; -1 if unencrypted */
    int passphraseIndex();

    /**
     * Waits for the next message.
     *
     * @param timeout how long to wait
     * @return the message, or null if none arrived in time
     * @throws SrtClosedException once the connection is closed and every received message was delivered
     * @throws InterruptedException if interrupted while waiting
     */
    SrtMessage receive(Duration timeout) throws InterruptedException;

    /** @return the receiving side's counters so far */
    SrtReceiverStats stats();

    /** @return whether the connection is still open */
    boolean isOpen();

    /** @return why it closed (peer shutdown, idle timeout, closed locally), once it has */
    Optional<String> closeReason();

    /** Closes the connection, telling the peer. Idempotent. */
    @Override
    void close();
}
