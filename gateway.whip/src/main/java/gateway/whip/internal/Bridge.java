package gateway.whip.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One requested bridge: a WHIP endpoint on a pool port (and on the main port) for one publisher at a time,
 * relaying to one SRT target. It ends on DELETE, on a failed WebRTC or SRT connection, when no media flowed
 * for the watchdog's time, or when the plugin stops; then it frees its port.
 *
 * <p>Thread-safe. {@link #end} only starts the teardown, on a thread of its own: it is called from
 * WebRTC callbacks, the relay and HTTP handlers, none of which may wait for the teardown. A session that is
 * being negotiated while the bridge ends is closed by the negotiation itself ({@link #startSession}) or
 * found by the teardown after {@link #settled()}, never by neither.
 */
final class Bridge {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final String id = UUID.randomUUID().toString();
    private final int port;
    private final BridgeRequest request;
    private final InetSocketAddress srtAddress;
    private final Instant createdAt = Instant.now();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong lastMediaNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong packetsSeen = new AtomicLong();
    private final BridgeHost host;
    private volatile BridgeState state = BridgeState.WAITING;
    private volatile EndCause endCause;
    private volatile String endReason;
    private volatile WhipSession session;
    private volatile String sessionId;
    private volatile OpusRelay relay;
    private volatile WhipServer server;

    /** What a bridge needs from its owner. */
    interface BridgeHost {
        /** Opens the SRT relay for a new session. */
        OpusRelay relay(Bridge bridge);

        /** Runs the teardown: close the session, stop the relay and the port's server, free the port, announce. */
        void teardown(Bridge bridge);

        /** Announces that the publisher's WebRTC connection is up. */
        void whipConnected(Bridge bridge);
    }

    /**
     * @param port       the pool port
     * @param request    the validated request
     * @param srtAddress the SRT target, resolved
     * @param host       the owner
     */
    Bridge(int port, BridgeRequest request, InetSocketAddress srtAddress, BridgeHost host) {
        this.port = port;
        this.request = request;
        this.srtAddress = srtAddress;
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

    InetSocketAddress srtAddress() {
        return srtAddress;
    }

    BridgeState state() {
        return state;
    }

    /** @return why it ended, or null while it runs */
    EndCause endCause() {
        return endCause;
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
     * @throws WhipException {@link WhipError#PUBLISHER_PRESENT} if a session is already there (one publisher per
     *                       bridge), {@link WhipError#BRIDGE_ENDED} if the bridge ended (also while negotiating),
     *                       or from the negotiation
     */
    synchronized String startSession(String offer, WebRtcEngine engine, Duration timeout) {
        if (ended.get()) throw endedException();
        if (session != null) throw new WhipException(WhipError.PUBLISHER_PRESENT, "this bridge already has a publisher; DELETE its session first");
        OpusRelay r = host.relay(this);
        SessionEvents events = new SessionEvents(r);
        WhipSession s;
        try {
            s = WhipSession.answer(engine, offer, events, timeout);
        } catch (RuntimeException e) {
            r.stop(EndCause.PUBLISHER_ENDED, "the offer was refused");
            throw e;
        }
        if (ended.get()) {
            // ended while negotiating (say the SRT target refused at once): the teardown may already have run
            s.close();
            r.stop(endCause, endReason);
            throw endedException();
        }
        relay = r;
        session = s;
        sessionId = UUID.randomUUID().toString();
        mediaSeen();
        LOG.info("WHIP bridge {}: offer answered, session {}", id, sessionId);
        events.goLive();
        return sessionId;
    }

    /** Returns once no {@link #startSession} is in progress: after it, {@link #session()} and {@link #relay()} are final. */
    synchronized void settled() {
        // the lock is the point
    }

    private WhipException endedException() {
        return new WhipException(WhipError.BRIDGE_ENDED, "the bridge has ended: " + endReason);
    }

    /**
     * The session's reports, on WebRTC's threads. They concern the bridge only once the session is the bridge's
     * ({@link #goLive}): a session whose offer was refused may still report a failed connection, which must not
     * end the bridge; what a live session reported while its answer was being returned is applied then.
     */
    private final class SessionEvents implements WhipSession.Listener {
        private final OpusRelay relay;
        private boolean live;
        private boolean connectedEarly;
        private EndCause failedEarly;
        private String failedEarlyReason;

        SessionEvents(OpusRelay relay) {
            this.relay = relay;
        }

        synchronized void goLive() {
            live = true;
            if (failedEarly != null) end(failedEarly, failedEarlyReason);
            else if (connectedEarly) connected();
        }

        @Override
        public synchronized void onConnected() {
            if (live) connected();
            else connectedEarly = true;
        }

        private void connected() {
            state = BridgeState.CONNECTED;
            mediaSeen();
            host.whipConnected(Bridge.this);
        }

        @Override
        public synchronized void onFailed(EndCause cause, String reason) {
            if (live) {
                end(cause, reason);
            } else if (failedEarly == null) {
                failedEarly = cause;
                failedEarlyReason = reason;
            }
        }

        @Override
        public void onAudio(OpusRelay.PcmFrame frame) {
            relay.offer(frame);
        }
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
     * @param cause  why, for clients
     * @param reason why, in words, for the event and the live stream
     */
    void end(EndCause cause, String reason) {
        if (!ended.compareAndSet(false, true)) return;
        endCause = cause;
        endReason = reason;
        state = cause.failure() ? BridgeState.FAILED : BridgeState.ENDED;
        Thread.ofVirtual().name("whip-teardown-" + id).uncaughtExceptionHandler(Bridge::uncaught).start(() -> host.teardown(this));
    }

    private static void uncaught(Thread t, Throwable e) {
        LOG.error("WHIP: {} failed", t.getName(), e);
    }

    /** @return what the management listing shows */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bridge", id);
        m.put("port", port);
        m.put("state", state.wire());
        m.put("srt", request.srtTarget());
        m.put("createdAt", createdAt.toString());
        OpusRelay r = relay;
        if (r != null) {
            m.put("stream", r.streamId());
            m.put("packets", r.packets());
            m.put("droppedFrames", r.droppedFrames());
        }
        EndCause c = endCause;
        if (c != null) {
            m.put("cause", c.wire());
            m.put("reason", endReason);
        }
        return m;
    }
}
