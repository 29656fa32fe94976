package gateway.lib.srt;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Caller settings.
 *
 * @param target         the listener to connect to
 * @param streamId       stream id to send ("" for none)
 * @param passphrase     passphrase (10–79 characters), or null for an unencrypted connection
 * @param keyLength      16, 24 or 32 (AES-128/192/256), used with a passphrase
 * @param latency        TSBPD latency to propose (the larger of both sides wins)
 * @param connectTimeout how long to try the handshake
 * @param peerIdleTimeout a connection with no packet from the peer for this long is closed
 */
public record SrtCallerOptions(InetSocketAddress target, String streamId, String passphrase, int keyLength, Duration latency,
                               Duration connectTimeout, Duration peerIdleTimeout) {

    /**
     * @param target the listener
     * @return defaults: no stream id, unencrypted, 120 ms latency, 3 s connect timeout, 5 s idle timeout
     */
    public static SrtCallerOptions to(InetSocketAddress target) {
        return new SrtCallerOptions(target, "", null, 16, Duration.ofMillis(120), Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    /** @param sid the stream id
     *  @return a copy with it */
    public SrtCallerOptions withStreamId(String sid) {
        return new SrtCallerOptions(target, sid, passphrase, keyLength, latency, connectTimeout, peerIdleTimeout);
    }

    /** @param pass the passphrase
     *  @param keyLength 16, 24 or 32
     *  @return a copy with encryption */
    public SrtCallerOptions withPassphrase(String pass, int keyLength) {
        return new SrtCallerOptions(target, streamId, pass, keyLength, latency, connectTimeout, peerIdleTimeout);
    }

    /** @param d the latency
     *  @return a copy with it */
    public SrtCallerOptions withLatency(Duration d) {
        return new SrtCallerOptions(target, streamId, passphrase, keyLength, d, connectTimeout, peerIdleTimeout);
    }
}
