package gateway.lib.srt;

/**
 * Counters of one connection since it was accepted.
 *
 * @param packetsReceived   data packets received (including retransmissions)
 * @param bytesReceived     payload bytes received
 * @param packetsLost       sequence numbers detected missing (reported by NAK)
 * @param packetsRetransmitted retransmitted packets received
 * @param packetsDropped    packets given up on (too late for their delivery time, or dropped by the sender)
 * @param packetsDelivered  messages delivered to the application
 * @param rttMicros         smoothed round-trip time
 * @param latencyMillis     negotiated TSBPD latency
 * @param keyRefreshes      stream keys the sender announced during the connection (in-band KM refresh)
 */
public record SrtStats(long packetsReceived, long bytesReceived, long packetsLost, long packetsRetransmitted,
                       long packetsDropped, long packetsDelivered, long rttMicros, int latencyMillis,
                       long keyRefreshes) {
}
