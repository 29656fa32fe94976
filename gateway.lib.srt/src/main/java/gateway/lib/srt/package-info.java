/**
 * SRT (Secure Reliable Transport) in live mode, interoperable with libsrt 1.5.
 *
 * <p>{@link gateway.lib.srt.SrtListener} binds a UDP port, runs the handshake (v5, with stream id and
 * encryption) for any number of callers, asks an {@link gateway.lib.srt.AccessControl} whether and with
 * which passphrase to accept each one, and hands accepted {@link gateway.lib.srt.SrtConnection}s over.
 * A connection delivers {@link gateway.lib.srt.SrtMessage}s in order at their TSBPD time, recovering lost
 * packets with NAK/retransmission within the negotiated latency.
 *
 * <p>Thread-safe. One receive thread per listener socket and one shared timer thread; nothing blocks
 * the receive loop, and malformed datagrams are counted and dropped.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package gateway.lib.srt;
