package gateway.lib.srt;

/**
 * Counters of one caller's sending side since it connected. A snapshot: the record does not change.
 *
 * @param packetsSent          messages sent (one data packet each; retransmissions not included)
 * @param bytesSent            payload bytes of those messages
 * @param packetsLost          sequence numbers the receiver reported missing (NAK), each time it reported them
 * @param packetsRetransmitted data packets sent again
 * @param packetsDropped       packets given up on before the receiver acknowledged them: older than the
 *                             latency allows, or pushed out of the full send buffer
 * @param packetsAcknowledged  packets the receiver acknowledged
 * @param rttMicros            round-trip time as the receiver reports it in its ACKs
 * @param latencyMillis        TSBPD latency this side proposed
 * @param keyRefreshes         switches to a fresh stream key (in-band KM refresh)
 */
public record SrtSenderStats(long packetsSent, long bytesSent, long packetsLost, long packetsRetransmitted,
                             long packetsDropped, long packetsAcknowledged, long rttMicros, int latencyMillis,
                             long keyRefreshes) {
}
