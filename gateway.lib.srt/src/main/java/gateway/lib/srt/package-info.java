/**
 * SRT (Secure Reliable Transport) in live mode, interoperable with libsrt 1.5.
 *
 * <p>{@link gateway.lib.srt.SrtListener} binds a UDP port, runs the handshake (v5, with stream id and
 * encryption) for any number of callers, asks an {@link gateway.lib.srt.AccessControl} whether and with
 * which passphrase to accept each one, and hands accepted {@link gateway.lib.srt.SrtConnection}s over.
 * A connection delivers {@link gateway.lib.srt.SrtMessage}s in order at their TSBPD time, recovering lost
 * packets with NAK/retransmission within the negotiated latency. {@link gateway.lib.srt.SrtSender} is the
 * other side: a caller that sends live messages to a listener.
 *
 * <p>Each side reports its own counters: {@link gateway.lib.srt.SrtReceiverStats} for an accepted
 * connection, {@link gateway.lib.srt.SrtSenderStats} for a sender. Refusals carry a
 * {@link gateway.lib.srt.RejectReason}, the one table of libsrt's rejection codes.
 *
 * <p>Thread-safe. One receive thread per listener socket and one shared timer thread; nothing blocks
 * the receive loop, and malformed datagrams are counted and dropped.
 *
 * <p>2.0: the receiving and the sending side's counters became separate types ({@code SrtStats} is gone),
 * {@link gateway.lib.srt.AccessControl#refused} tells the access control about the callers the listener
 * refused after it had accepted them, and {@link gateway.lib.srt.SrtRejectedException} gives the reason.
 * 2.2 added {@link gateway.lib.srt.SrtMessage#dueNanos}: when a received message was due for the application;
 * 2.3 {@link gateway.lib.srt.SrtMessage#releasedNanos}: when the receiver released it for the application.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.3.0")
package gateway.lib.srt;
