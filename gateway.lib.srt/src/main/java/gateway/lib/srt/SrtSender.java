package gateway.lib.srt;

import gateway.lib.srt.internal.SendConnection;
import java.io.IOException;
import java.util.Optional;

/**
 * The sending side of a live-mode connection made as a caller: each {@link #send} is one message,
 * timestamped now, kept for retransmission until acknowledged or too old for the receiver's latency.
 * Thread-safe.
 */
public final class SrtSender implements AutoCloseable {
    private final SendConnection connection;

    private SrtSender(SendConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects to a listener.
     *
     * @param options target, stream id, passphrase, latency
     * @return the connected sender
     * @throws SrtRejectedException if the listener refused the connection (wrong passphrase, unknown stream id, ...)
     * @throws IOException          if nothing answered within the connect timeout, or the socket failed
     */
    public static SrtSender connect(SrtCallerOptions options) throws IOException {
        return new SrtSender(SendConnection.connect(options));
    }

    /**
     * Sends one message (at most 1456 bytes; 1316 is the usual live payload).
     *
     * @param payload the bytes
     * @throws SrtClosedException if the connection is closed
     */
    public void send(byte[] payload) {
        connection.send(payload);
    }

    /** @return the sending side's counters so far */
    public SrtSenderStats stats() {
        return connection.stats();
    }

    /** @return whether the connection is open */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** @return why it closed, once it has */
    public Optional<String> closeReason() {
        return connection.closeReason();
    }

    /** Closes the connection, telling the peer. */
    @Override
    public void close() {
        connection.close();
    }
}
