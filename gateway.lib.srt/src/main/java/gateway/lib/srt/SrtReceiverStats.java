package gateway.lib.srt;

/**
 * Counters of one accepted connection (the receiving side) since it was accepted. A snapshot: the
 * record does not change.
 *
 * @param packetsReceived      data packets received, retransmissions and duplicates included
 * @param bytesReceived        payload bytes of those packets
 * @param packetsLost          sequence numbers found missing on arrival (each reported to the sender by NAK)
 * @param packetsRetransmitted retransmitted data packets received
 * @param packetsDropped       packets given up on: too late for their delivery time, dropped by the sender,
 *                             beyond the receive buffer, or not read by the application in time
 * @param packetsDelivered     messages handed to the application's {@link SrtConnection#receive}
 * @param rttMicros            smoothed round-trip time, measured from the sender's ACKACKs
 * @param latencyMillis        negotiated TSBPD latency
 * @param keyRefreshes         stream keys the sender announced during the connection (in-band KM refresh)
 */
public record SrtReceiverStats(long packetsReceived, long bytesReceived, long packetsLost, long packetsRetransmitted,
                               long packetsDropped, long packetsDelivered, long rttMicros, int latencyMillis,
                               long keyRefreshes) {
}
