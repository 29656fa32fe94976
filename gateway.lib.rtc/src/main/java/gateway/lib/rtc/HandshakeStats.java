package gateway.lib.rtc;

/**
 * A snapshot of a transport's DTLS handshake queue: how many handshakes wait for their turn to compute, and its
 * admission control ({@link RtcTransport#holdHandshakesWhile}): whether it holds the handshakes back now, and how often
 * and how long it did.
 *
 * @param waiting   handshakes waiting for their place to compute now (not cumulative)
 * @param holding   whether every waiting handshake is held back now because forwarding is behind
 * @param holds     how many times the transport began to hold the handshakes back
 * @param heldNanos how long it held them back in all, the current hold included, in nanoseconds
 * @param overrides holds ended because forwarding stayed behind for longer than a hold may last (joins then go on at
 *                  the normal pace for a moment before the next hold)
 * @since 1.3
 */
public record HandshakeStats(int waiting, boolean holding, long holds, long heldNanos, long overrides) {
}
