package gateway.whip.internal;

import gateway.api.http.ProblemException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One requested bridge: a WHIP endpoint on a pool port (and on the main port) for one publisher at a time,
 * relaying to one SRT target. It ends on DELETE, on a failed WebRTC or SRT connection, when no media flowed
 * for the watchdog's time, or when the plugin stops; then it frees its port.
 *
 * <p>Thread-safe. {@link #end} only starts the teardown, on a thread of its own: it is called from
 * WebRTC callbacks, the relay and HTTP handlers, none of which may wait for the teardown.
 */
final class Bridge {
    enum State { WAITING, CONNECTED, ENDED }

    private final String id = UUID.randomUUID().toString();
    private final int port;
    private final BridgeRequest request;
    private final Instant createdAt = Instant.now();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong lastMediaNanos = new AtomicLong(System.nanoTime());
    private final BridgeHost host;
    private volatile State state = State.WAITING;
    private volatile String endReason;
    private volatile WhipSession session;
    private volatile String sessionId;
    private volatile OpusRelay relay;
    private volatile WhipServer server;
    private final AtomicLong packetsSeen = new AtomicLong();

    /** What a bridge needs from its owner. */
    interface BridgeHost {
        /** Opens the SRT relay for a new session. */
        OpusRelay relay(Bridge bridge);

        /** Runs the teardown: close the session, stop the relay and the port's server, free the port, announce. */
        void teardown(Bridge bridge, String reason, boolean failed);

        /** Announces that the publisher's WebRTC connection is up. */
        void whipConnected(Bridge bridge);
    }

    Bridge(int port, BridgeRequest request, BridgeHost host) {
        this.port = port;
        this.request = request;
        this.host = host;
    }

    String id() {
        return id;
    }

    int port() {
        return port;
    }

    BridgeRequest request() {
        return request;
    }

    State state() {
        return state;
    }

    String endReason() {
        return endReason;
    }

    WhipSession session() {
        return session;
    }

    String sessionId() {
        return sessionId;
    }

    OpusRelay relay() {
        return relay;
    }

    void server(WhipServer s) {
        this.server = s;
    }

    WhipServer server() {
        return server;
    }

    /**
     * Starts the WHIP session for an offer.
     *
     * @param offer   the checked SDP offer
     * @param engine  the WebRTC stack
     * @param timeout for each negotiation step
     * @return the new session's id
     * @throws ProblemException 409 if a session is already there (one publisher per bridge), or from the negotiation
     */
    synchronized String startSession(String offer, WebRtcEngine engine, java.time.Duration timeout) {
        if (ended.get()) throw ProblemException.notFound("the bridge has ended: " + endReason);
        if (session != null) throw ProblemException.conflict("this bridge already has a publisher; DELETE its session first");
        OpusRelay r = host.relay(this);
        WhipSession s;
        try {
            s = WhipSession.answer(engine, offer, new WhipSession.Listener() {
                @Override
                public void onConnected() {
                    state = State.CONNECTED;
                    mediaSeen();
                    host.whipConnected(Bridge.this);
                }

                @Override
                public void onFailed(String reason) {
                    end(reason, true);
                }

                @Override
                public void onAudio(OpusRelay.PcmFrame frame) {
                    r.offer(frame);
                }
            }, timeout);
        } catch (RuntimeException e) {
            r.stop("the offer was refused", false);
            throw e;
        }
        relay = r;
        session = s;
        sessionId = UUID.randomUUID().toString();
        mediaSeen();
        return sessionId;
    }

    /** Media arrived now: the watchdog starts counting afresh. */
    void mediaSeen() {
        lastMediaNanos.set(System.nanoTime());
    }

    /** @return nanoseconds since media last arrived (or since the bridge was requested) */
    long idleNanos() {
        return System.nanoTime() - lastMediaNanos.get();
    }

    /** The watchdog's check of WebRTC's receive counter: media flowed if it grew. */
    void packetsReceived(long packets) {
        long before = packetsSeen.getAndAccumulate(packets, Math::max);
        if (packets > before) mediaSeen();
    }

    boolean isEnded() {
        return ended.get();
    }

    /**
     * Ends the bridge (once; later calls do nothing). The teardown runs on its own thread.
     *
     * @param reason why, for the event and the live stream
     * @param failed whether this is an error
     */
    void end(String reason, boolean failed) {
        if (!ended.compareAndSet(false, true)) return;
        endReason = reason;
        state = State.ENDED;
        Thread.ofVirtual().name("whip-teardown-" + id).start(() -> host.teardown(this, reason, failed));
    }

    /** @return what the management listing shows */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bridge", id);
        m.put("port", port);
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("srt", request.srtTarget());
        m.put("createdAt", createdAt.toString());
        OpusRelay r = relay;
        if (r != null) {
            m.put("stream", r.streamId());
            m.put("packets", r.packets());
            m.put("droppedFrames", r.droppedFrames());
        }
        if (endReason != null) m.put("reason", endReason);
        return m;
    }
}
