package gateway.webrtc.internal;

import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamPublisher;
import gateway.lib.rtc.PeerEnd;
import gateway.lib.rtc.PeerListener;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtpPacket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebRTC publisher: the Opus packets its peer receives go into a live stream as they came, timestamped from
 * their RTP timestamps (so a gap in the publisher's sending stays a gap in the stream).
 *
 * <p>Threading: {@link #onAudio} runs on the transport's receive thread and only hands the packet to the registry,
 * which copies it without waiting; {@link #end} on any thread, once.
 */
final class WhipPublisher implements PeerListener {

    /** What the publisher tells the plugin. */
    interface Host {
        void connected(WhipPublisher publisher);

        void ended(WhipPublisher publisher, String cause, String reason);
    }

    private final Host host;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile StreamPublisher stream;
    private volatile RtcPeer peer;
    private String offerUfrag;
    private boolean started;
    private long lastTimestamp;
    private long unwrapped;
    private volatile long packets;
    private volatile boolean muted;

    WhipPublisher(Host host) {
        this.host = host;
    }

    void start(RtcPeer peer, StreamPublisher stream, String offerUfrag) {
        this.peer = peer;
        this.stream = stream;
        this.offerUfrag = offerUfrag;
    }

    String id() {
        return stream.stream().id();
    }

    String offerUfrag() {
        return offerUfrag;
    }

    /** While muted, packets are dropped: forwarding stops, the stream stays open. */
    void mute(boolean muted) {
        this.muted = muted;
    }

    StreamPublisher stream() {
        return stream;
    }

    long packets() {
        return packets;
    }

    boolean isEnded() {
        return ended.get();
    }

    @Override
    public void onConnected(RtcPeer peer) {
        if (!ended.get()) host.connected(this);
    }

    @Override
    public void onAudio(RtcPeer peer, RtpPacket packet) {
        StreamPublisher s = stream;
        if (s == null || ended.get()) return;
        if (muted) return;
        long ts = packet.timestamp() & 0xFFFFFFFFL;
        if (!started) {
            started = true;
            lastTimestamp = ts;
        }
        // 32-bit RTP timestamps wrap after 24.8 h at 48 kHz; a step back of less than half the range is a reordering
        int delta = (int) (ts - lastTimestamp);
        unwrapped += delta;
        lastTimestamp = ts;
        long micros = Math.max(0, unwrapped) * 1_000 / 48;
        try {
            s.send(micros, OpusFrames.durationMicros(packet.payload()), packet.payload());
            packets = packets + 1;
        } catch (StreamEndedException gone) {
            end("stream-ended", "the gateway ended the stream");
        }
    }

    @Override
    public void onClosed(RtcPeer peer, PeerEnd end, String detail) {
        end(end.label(), detail);
    }

    /** Ends the stream and the peer, once. */
    void end(String cause, String reason) {
        if (!ended.compareAndSet(false, true)) return;
        StreamPublisher s = stream;
        if (s != null) s.end("WebRTC publisher: " + reason);
        RtcPeer p = peer;
        if (p != null) p.close();
        host.ended(this, cause, reason);
    }
}
