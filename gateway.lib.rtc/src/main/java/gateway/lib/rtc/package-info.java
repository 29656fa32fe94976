/**
 * WebRTC's transport without media processing, for forwarding audio (an SFU): ICE-lite on one UDP port for all
 * peers, DTLS 1.2 with DTLS-SRTP (an ECDSA P-256 certificate made at start), SRTP and SRTCP with
 * {@code AES_CM_128_HMAC_SHA1_80} and {@code AEAD_AES_128_GCM}, RTP and RTCP (sender and receiver reports,
 * rtcp-mux), and SDP offer/answer with BUNDLE for one Opus audio section.
 *
 * <p>{@link gateway.lib.rtc.RtcTransport} owns the socket; a {@link gateway.lib.rtc.RtcPeer} is one peer
 * connection on it, negotiated by {@link gateway.lib.rtc.RtcPeer#answer} or {@link gateway.lib.rtc.RtcPeer#offer}
 * and {@link gateway.lib.rtc.RtcPeer#accept}; its {@link gateway.lib.rtc.AudioSender} sends Opus packets as they
 * are, with sequence numbers and timestamps rewritten for that peer; received audio reaches its
 * {@link gateway.lib.rtc.PeerListener}. {@link gateway.lib.rtc.SessionDescription} reads and writes SDP.
 *
 * <p>Threading: one receive thread per transport runs the receiving, ICE, SRTP decryption and every peer's timers;
 * DTLS handshakes run on virtual threads; senders run on their caller's thread. Malformed or unauthenticated input
 * is counted ({@link gateway.lib.rtc.TransportStats}) and dropped.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.1")
package gateway.lib.rtc;
