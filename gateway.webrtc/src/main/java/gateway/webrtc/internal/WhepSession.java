package gateway.webrtc.internal;

import gateway.api.stream.MediaPacket;
import gateway.lib.rtc.AudioSender;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WHEP listener: a WebRTC peer that sends, on the {@link StreamFanout} of one live stream. Each packet of the
 * stream goes to the peer's {@link AudioSender} as it is (only RTP sequence numbers and timestamps are the listener's
 * own).
 *
 * <p>It ends exactly once, whichever path comes first — {@code DELETE}, the peer's end (ICE consent, DTLS,
 * connect timeout), the stream's end, a detachment, the plugin's stop — and then releases both sides: the peer
 * and its place on the stream's fan-out.
 *
 * <p>Threading: {@link #forward} runs on the stream's attachment thread; the peer's callbacks on the transport's;
 * {@link #end} on any, once.
 */
final class WhepSession implements PeerListener {

    /** What the session tells the plugin. Called once per event, never under a lock of the session. */
    interface Host {
        void connected(WhepSession session);

        void ended(WhepSession session, EndCause cause, String reason);
    }

    private final String id;
    private final String streamId;
    private final String offerUfrag;
    private final Host host;
    private final Instant created = Instant.now();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile RtcPeer peer;
    private volatile AudioSender sender;
    private volatile StreamFanout fanout;
    private volatile EndCause cause;

    /**
     * @param id         the session id (in its URL)
     * @param streamId   the stream it plays
     * @param offerUfrag the ICE username fragment of the listener's offer, or null: a trickle fragment with another
     *                   one is an ICE restart
     */
    WhepSession(String id, String streamId, String offerUfrag, Host host) {
        this.id = id;
        this.streamId = streamId;
        this.offerUfrag = offerUfrag;
        this.host = host;
    }

    /** The peer has answered the offer. */
    void peer(RtcPeer peer) {
        this.peer = peer;
        this.sender = peer.audioSender().orElseThrow(() -> new IllegalStateException("the answer sends no audio"));
    }

    /** A slot of a {@link SlotSession}: it sends through the slot's sender and has no peer of its own. */
    void sender(AudioSender sender) {
        this.sender = sender;
    }

    /** The session is on its stream's fan-out; if it ended meanwhile, it leaves it at once. */
    void fanout(StreamFanout fanout) {
        this.fanout = fanout;
        if (ended.get()) fanout.remove(this);
    }

    String id() {
        return id;
    }

    String streamId() {
        return streamId;
    }

    String offerUfrag() {
        return offerUfrag;
    }

    boolean isEnded() {
        return ended.get();
    }

    long packetsSent() {
        AudioSender s = sender;
        return s == null ? 0 : s.packetsSent();
    }

    String remote() {
        RtcPeer p = peer;
        return p == null ? null : p.remoteAddress().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).orElse(null);
    }

    String srtpProfile() {
        RtcPeer p = peer;
        return p == null ? null : p.srtpProfile().map(Enum::name).orElse(null);
    }

    /** @return the session as {@code GET /whep} lists it */
    Map<String, Object> describe() {
        RtcPeer p = peer;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("stream", streamId);
        m.put("state", p == null ? "new" : p.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("created", created.toString());
        m.put("remote", remote());
        m.put("srtp", srtpProfile());
        m.put("packetsSent", packetsSent());
        m.put("bytesSent", sender == null ? 0 : sender.bytesSent());
        if (p != null) {
            var stats = p.stats();
            m.put("remotePacketsLost", stats.remotePacketsLost());
            m.put("roundTripMillis", stats.roundTripMillis());
        }
        return m;
    }

    /**
     * Ends the session: closes the peer and the attachment, then tells the host. Only the first call counts.
     *
     * @param cause  why
     * @param reason why, in words
     */
    void end(EndCause cause, String reason) {
        if (!ended.compareAndSet(false, true)) return;
        this.cause = cause;
        StreamFanout f = fanout;
        if (f != null) f.remove(this);
        RtcPeer p = peer;
        if (p != null) p.close();
        host.ended(this, cause, reason);
    }

    /** @return why it ended, or null while it runs */
    EndCause cause() {
        return cause;
    }

    /** A packet of the stream, on the stream's attachment thread. */
    void forward(MediaPacket packet) {
        AudioSender s = sender;
        // the payload is shared with the stream's other sessions: send() reads it without moving its position
        if (s != null && !ended.get()) s.send(packet.sequence(), packet.timestampMicros(), packet.payload());
    }

    @Override
    public void onConnected(RtcPeer peer) {
        if (!ended.get()) host.connected(this);
    }

    @Override
    public void onClosed(RtcPeer peer, PeerEnd end, String detail) {
        end(EndCause.of(end), detail);
    }
}
