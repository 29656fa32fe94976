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
 * @param keyRefreshPackets packets sent with one stream key before switching to a fresh one (libsrt default 2^24)
 * @param keyPreAnnounce  packets before the switch at which the new key is announced (libsrt default 2^12)
 */
public record SrtCallerOptions(InetSocketAddress target, String streamId, String passphrase, int keyLength, Duration latency,
                               Duration connectTimeout, Duration peerIdleTimeout, int keyRefreshPackets, int keyPreAnnounce) {

    /** Validates the key refresh settings. */
    public SrtCallerOptions {
        if (keyPreAnnounce < 1 || keyPreAnnounce * 2 > keyRefreshPackets) {
            throw new IllegalArgumentException("keyPreAnnounce must be at least 1 and at most half of keyRefreshPackets");
        }
    }

    /**
     * @param target the listener
     * @return defaults: no stream id, unencrypted, 120 ms latency, 3 s connect timeout, 5 s idle timeout
     */
    public static SrtCallerOptions to(InetSocketAddress target) {
        return new SrtCallerOptions(target, "", null, 16, Duration.ofMillis(120), Duration.ofSeconds(3), Duration.ofSeconds(5),
                1 << 24, 1 << 12);
    }

    /** @param sid the stream id
     *  @return a copy with it */
    public SrtCallerOptions withStreamId(String sid) {
        return new SrtCallerOptions(target, sid, passphrase, keyLength, latency, connectTimeout, peerIdleTimeout, keyRefreshPackets, keyPreAnnounce);
    }

    /** @param pass the passphrase
     *  @param keyLength 16, 24 or 32
     *  @return a copy with encryption */
    public SrtCallerOptions withPassphrase(String pass, int keyLength) {
        return new SrtCallerOptions(target, streamId, pass, keyLength, latency, connectTimeout, peerIdleTimeout, keyRefreshPackets, keyPreAnnounce);
    }

    /** @param d the latency
     *  @return a copy with it */
    public SrtCallerOptions withLatency(Duration d) {
        return new SrtCallerOptions(target, streamId, passphrase, keyLength, d, connectTimeout, peerIdleTimeout, keyRefreshPackets, keyPreAnnounce);
    }

    /** @param d how long to wait for the listener to accept
     *  @return a copy with it */
    public SrtCallerOptions withConnectTimeout(Duration d) {
        return new SrtCallerOptions(target, streamId, passphrase, keyLength, latency, d, peerIdleTimeout, keyRefreshPackets, keyPreAnnounce);
    }

    /**
     * @param refreshPackets packets per stream key
     * @param preAnnounce    packets before the switch at which the next key is announced
     * @return a copy with that key refresh schedule
     */
    public SrtCallerOptions withKeyRefresh(int refreshPackets, int preAnnounce) {
        return new SrtCallerOptions(target, streamId, passphrase, keyLength, latency, connectTimeout, peerIdleTimeout, refreshPackets, preAnnounce);
    }
}
