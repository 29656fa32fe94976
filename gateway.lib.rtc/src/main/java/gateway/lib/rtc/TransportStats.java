package gateway.lib.rtc;

/**
 * A transport's counters since it opened: a snapshot. Every counter only grows.
 *
 * @param datagramsReceived   UDP datagrams received
 * @param stunRequests        STUN binding requests answered with success
 * @param stunRejected        STUN messages refused: malformed or with a bad FINGERPRINT (no answer), without USERNAME
 *                            or MESSAGE-INTEGRITY (answered 400), an unknown ICE username or a wrong MESSAGE-INTEGRITY
 *                            (answered 401), unknown comprehension-required attributes (420)
 * @param unknownSource       DTLS or RTP/RTCP datagrams from an address no peer has validated with ICE: dropped
 * @param malformed           datagrams that are none of STUN, DTLS, RTP or RTCP (RFC 7983), and DTLS datagrams from a
 *                            validated address whose records are not well framed: dropped
 * @param dtlsDropped         DTLS records dropped because a peer's handshake queue was full (a flood)
 * @param dtlsFailures        DTLS handshakes that failed
 * @param srtpRejected        SRTP/SRTCP packets dropped for a wrong tag, a replay or a malformed header
 * @param peersOpened         peers created
 * @param peersConnected      peers that completed ICE and DTLS
 * @param peersOpen           peers open now (not cumulative)
 * @param internalErrors      datagrams whose handling failed unexpectedly (a bug; logged)
 */
public record TransportStats(long datagramsReceived, long stunRequests, long stunRejected, long unknownSource, long malformed,
                             long dtlsDropped, long dtlsFailures, long srtpRejected, long peersOpened, long peersConnected,
                             long peersOpen, long internalErrors) {
}
