package gateway.lib.rtc;

/**
 * A peer's counters: a snapshot.
 *
 * @param packetsSent       RTP packets sent
 * @param bytesSent         RTP payload bytes sent
 * @param packetsReceived   RTP packets received, authenticated and passed on
 * @param bytesReceived     their payload bytes
 * @param rtcpReceived      RTCP compound packets received and authenticated
 * @param srtpRejected      SRTP/SRTCP packets dropped: a wrong authentication tag, a replay, malformed
 * @param remotePacketsLost the packets the remote party reported lost in its last receiver report (cumulative), or
 *                          -1 before any report
 * @param remoteJitter      the interarrival jitter it reported, in RTP timestamp units (48 kHz), or -1
 * @param roundTripMillis   the round-trip time from its last report (RFC 3550 §6.4.1), or -1
 */
public record PeerStats(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived, long rtcpReceived,
                        long srtpRejected, long remotePacketsLost, long remoteJitter, long roundTripMillis) {
}
