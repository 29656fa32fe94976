package gateway.webrtc.internal;

import gateway.api.event.GatewayEvents;
import gateway.api.http.ProblemException;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaHandlerException;
import gateway.api.stream.StreamNotFoundException;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamState;
import gateway.api.webrtc.WebRtcPlayback;
import gateway.lib.rtc.AudioDirection;
import gateway.lib.rtc.LocalAudio;
import gateway.lib.rtc.RtcPeer;
import gateway.lib.rtc.RtcTransport;
import gateway.lib.rtc.SdpException;
import gateway.lib.rtc.SessionDescription;
import gateway.lib.rtc.TransportStats;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WHEP playback: the sessions on the plugin's WebRTC transport (one UDP port for every peer), each a peer that
 * sends one live stream's Opus packets as they are. The REST resources only parse and call these methods; refusals
 * are {@link ProblemException}s for the gateway's problem mapper.
 *
 * <p>The plugin's {@link RtcPort} is referenced statically: when the transport is re-created (its configuration or
 * the HTTP address changed), so is this component, and its sessions end with {@link EndCause#STOPPED}.
 */
@Component(service = WhepSessions.class, immediate = true, configurationPid = WhepSessions.PID)
@Designate(ocd = WhepSessions.Config.class)
public final class WhepSessions implements WhepSession.Host, SlotSession.Owner {
    static final String PID = "gateway.whep";
    /** The service property (from the configuration) that selects the public resource instead of the managed one. */
    static final String PUBLIC = "publicPlayback";
    /** The name of every WHEP session on its stream's attachment list and in the per-handler metrics. */
    static final String HANDLER_NAME = "whep";
    private static final Logger LOG = LoggerFactory.getLogger(WhepSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "WHEP playback", description = "WebRTC playback of live streams (WHEP)")
    public @interface Config {
        @AttributeDefinition(description = "Whether anyone may play (no management token), e.g. a radio station's live "
                + "stream; false = WHEP requires the management token like the other management endpoints")
        boolean publicPlayback() default false;

        @AttributeDefinition(description = "ICE servers announced to clients in Link headers, comma-separated URLs, e.g. "
                + "'stun:stun.example.org:3478'; empty = none (the gateway is ICE-lite and needs none on a reachable address)")
        String iceServers() default "";

        @AttributeDefinition(description = "Sessions at most at once; more offers are refused with 503")
        int maxSessions() default 1000;

        @AttributeDefinition(description = "Packets queued per played stream (20 ms each) before packets are dropped when "
                + "sending to the stream's listeners falls behind; a short queue keeps the latency low")
        int queuePackets() default 50;

        @AttributeDefinition(description = "Whether new listeners' DTLS handshakes wait while sending to a played stream's "
                + "listeners is 200 ms behind (at most 5 s at a time), so that listeners who play lose nothing while many "
                + "join at once; false = joins never wait for forwarding")
        boolean holdJoinsWhileBehind() default true;
    }

    private final StreamRegistry registry;
    private final WhepEvents events;
    private final WhepTotals totals;
    private final Config config;
    private final RtcPort port;
    private final List<String> iceServers;
    private final Map<String, WhepSession> sessions = new ConcurrentHashMap<>();
    /** The streams being played, each with its one attachment. */
    private final Map<String, StreamFanout> fanouts = new ConcurrentHashMap<>();
    /** Takes half of the sending of streams with many listeners, so a stream's packets go out on two cores. */
    private final SendingHelper helper = new SendingHelper();
    /** Whether any played stream's sending is behind: new listeners' DTLS handshakes wait meanwhile. */
    private final ForwardingLag lag = new ForwardingLag();
    /** The port's admission control while this instance runs (holdJoinsWhileBehind): forwarding is behind. */
    private final BooleanSupplier behind = lag::behind;

    @Activate
    public WhepSessions(@Reference StreamRegistry registry, @Reference GatewayEvents events,
                        @Reference(policyOption = ReferencePolicyOption.GREEDY) RtcPort port,
                        @Reference WhepTotals totals, Config config) {
        this.registry = registry;
        this.events = new WhepEvents(events);
        this.totals = totals;
        this.config = config;
        this.iceServers = RtcPort.split(config.iceServers());
        this.port = port;
        // listeners who play come before listeners who join: while sending to a played stream's listeners is
        // behind, new DTLS handshakes on the transport wait (admission control, RtcTransport.holdHandshakesWhile)
        if (config.holdJoinsWhileBehind()) port.holdJoinsWhile(behind);
        LOG.info("WHEP playback ready: {}", config.publicPlayback() ? "public" : "management token required");
    }

    /** Listeners of sessions other plugins started, by session id. */
    private final Map<String, WebRtcPlayback.Listener> watchers = new java.util.concurrent.ConcurrentHashMap<>();

    /** The connections of several slots that other plugins started, by id. */
    private final Map<String, SlotSession> slotSessions = new ConcurrentHashMap<>();

    @Deactivate
    void deactivate() {
        for (SlotSession s : List.copyOf(slotSessions.values())) s.end(EndCause.STOPPED, "the WHEP plugin stopped or was reconfigured");
        for (WhepSession s : List.copyOf(sessions.values())) s.end(EndCause.STOPPED, "the WHEP plugin stopped or was reconfigured");
        helper.close();
        port.stopHoldingJoins(behind); // the port keeps nothing of this instance
    }

    /** @return whether listeners play without the management token ({@code publicPlayback}) */
    boolean publicPlayback() {
        return config.publicPlayback();
    }

    /** @param nanos how long an answered offer took in the WHEP resource */
    void answered(long nanos) {
        totals.countOffer(nanos);
    }

    /** @return whether a played stream's sending is behind now */
    boolean forwardingBehind() {
        return lag.behind();
    }

    /** @return the transport's DTLS handshake figures, or null while it opens or if it could not */
    gateway.lib.rtc.HandshakeStats handshakeStats() {
        RtcTransport t = port.openNow();
        return t == null ? null : t.handshakeStats();
    }

    /**
     * The answer to a listener's offer.
     *
     * @param session the new session
     * @param answer  the SDP answer
     */
    record Started(WhepSession session, String answer) {}

    /**
     * Answers a listener's offer and attaches the new session to the stream.
     *
     * @throws ProblemException 404 no such live stream, 409 the stream is not Opus, 400 the offer is not usable, 503 too
     *                          many sessions
     */
    Started start(String streamId, String offerText) {
        return start(streamId, offerText, null);
    }

    /**
     * {@link #start(String, String)} for another plugin, whose listener is told of the session's end.
     *
     * @param watcher told when the session ends, or null
     */
    Started start(String streamId, String offerText, WebRtcPlayback.Listener watcher) {
        LiveStream stream = registry.find(streamId).filter(s -> s.state() == StreamState.LIVE || s.state() == StreamState.STARTING)
                .orElseThrow(() -> ProblemException.notFound("no live stream '" + streamId + "'"));
        if (!"opus".equalsIgnoreCase(stream.format().codec())) {
            throw new ProblemException(409, "Stream not playable", "stream '" + streamId + "' is " + stream.format().codec()
                    + "; WHEP plays Opus streams");
        }
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerText);
        } catch (SdpException e) {
            throw new ProblemException(400, "Offer not acceptable", "the offer is not valid SDP: " + e.getMessage());
        }
        String id = newId();
        WhepSession session = new WhepSession(id, streamId, ufrag(offer), this);
        RtcPeer peer;
        try {
            if (sessions.size() >= config.maxSessions()) throw new IllegalStateException("maxSessions");
            peer = port.transport().newPeer(session);
        } catch (IllegalStateException full) {
            throw new ProblemException(503, "Too many sessions", "the gateway plays to " + config.maxSessions()
                    + " listeners at most; try again later");
        }
        String answer;
        try {
            answer = peer.answer(offer, new LocalAudio(AudioDirection.SEND, Math.min(2, stream.format().channels()))).toString();
        } catch (SdpException e) {
            peer.close();
            throw new ProblemException(400, "Offer not acceptable", e.getMessage());
        }
        session.peer(peer);
        sessions.put(id, session);
        if (watcher != null) watchers.put(id, watcher);
        if (!join(streamId, session)) {
            throw ProblemException.notFound("no live stream '" + streamId + "'");
        }
        totals.countStarted();
        events.started(session);
        // per-session lines at debug: with hundreds of listeners joining, an info line (and the logging binding's
        // caller lookup for it) on every offer and every connection costs the answer time; the end is logged at info
        LOG.debug("WHEP: session {} plays stream {}", id, streamId);
        return new Started(session, answer);
    }

    /**
     * Answers a listener's offer with one connection of up to {@code maxSlots} slots, every slot empty.
     *
     * @throws ProblemException 400 the offer is not usable, 503 too many sessions
     */
    SlotSession startSlots(String offerText, int maxSlots, WebRtcPlayback.SlotListener listener) {
        if (maxSlots < 1) throw new IllegalArgumentException("maxSlots must be at least 1");
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(offerText);
        } catch (SdpException e) {
            throw new ProblemException(400, "Offer not acceptable", "the offer is not valid SDP: " + e.getMessage());
        }
        String id = newId();
        SlotSession session = new SlotSession(id, this, listener);
        RtcPeer peer;
        try {
            if (sessions.size() + slotSessions.size() >= config.maxSessions()) throw new IllegalStateException("maxSessions");
            peer = port.transport().newPeer(session);
        } catch (IllegalStateException full) {
            throw new ProblemException(503, "Too many sessions", "the gateway plays to " + config.maxSessions()
                    + " listeners at most; try again later");
        }
        String answer;
        try {
            answer = peer.answer(offer, new LocalAudio(AudioDirection.SEND, 2), maxSlots).toString();
        } catch (SdpException e) {
            peer.close();
            throw new ProblemException(400, "Offer not acceptable", e.getMessage());
        }
        session.peer(peer, answer);
        slotSessions.put(id, session);
        LOG.debug("WHEP: connection {} of {} slots", id, session.slots());
        return session;
    }

    @Override
    public boolean joinSlot(String streamId, WhepSession slot) {
        boolean opus = registry.find(streamId).filter(s -> s.state() == StreamState.LIVE || s.state() == StreamState.STARTING)
                .map(s -> "opus".equalsIgnoreCase(s.format().codec())).orElse(false);
        if (!opus) return false;
        try {
            return join(streamId, slot);
        } catch (ProblemException attachFailed) {
            return false;
        }
    }

    @Override
    public void ended(SlotSession session, EndCause cause, String reason) {
        if (slotSessions.remove(session.id(), session)) {
            LOG.info("WHEP: connection {} of {} slots ended ({}): {}", session.id(), session.slots(), cause.wire(), reason);
        }
    }

    /**
     * @return the running session with that id on that stream
     * @throws ProblemException 404 if there is none
     */
    WhepSession get(String streamId, String sessionId) {
        WhepSession s = sessions.get(sessionId);
        if (s == null || !s.streamId().equals(streamId) || s.isEnded()) {
            throw ProblemException.notFound("no WHEP session '" + sessionId + "' on stream '" + streamId + "'");
        }
        return s;
    }

    /** @return the running sessions, oldest first, as {@code GET /whep} lists them */
    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        sessions.values().stream().map(WhepSession::describe)
                .sorted(Comparator.comparing(m -> (String) m.get("created"))).forEach(out::add);
        return out;
    }

    /** @return the ICE servers for the Link headers */
    List<String> iceServers() {
        return iceServers;
    }

    int open() {
        return sessions.size();
    }

    /** @return packets sent by the running sessions */
    long packetsOfRunning() {
        long n = 0;
        for (WhepSession s : sessions.values()) n += s.packetsSent();
        return n;
    }

    /** @return the transport's counters, or null while it opens or if it could not */
    TransportStats transportStats() {
        RtcTransport t = port.openNow();
        return t == null ? null : t.stats();
    }

    /** @return datagrams the transport's socket did not take, or 0 while it opens */
    long transportSendFailures() {
        RtcTransport t = port.openNow();
        return t == null ? 0 : t.sendFailures();
    }

    @Override
    public void connected(WhepSession session) {
        LOG.debug("WHEP: session {} connected from {} ({})", session.id(), session.remote(), session.srtpProfile());
        events.connected(session);
    }

    @Override
    public void ended(WhepSession session, EndCause cause, String reason) {
        if (sessions.remove(session.id(), session)) {
            totals.countEnded(cause, session.packetsSent());
            events.ended(session, cause, reason);
            LOG.info("WHEP: session {} on stream {} ended ({}): {}; {} packets sent", session.id(), session.streamId(),
                    cause.wire(), reason, session.packetsSent());
            WebRtcPlayback.Listener w = watchers.remove(session.id());
            if (w != null) {
                try {
                    w.ended(cause.wire(), reason);
                } catch (RuntimeException e) {
                    LOG.warn("A WebRTC playback listener failed", e);
                }
            }
        }
    }

    /**
     * Puts the session on its stream's fan-out, making and attaching one if the stream has none.
     *
     * @return false if the stream ended before the session could join it (the session has ended)
     * @throws ProblemException 500 if the registry refused the attachment (the session has ended)
     */
    private boolean join(String streamId, WhepSession session) {
        while (true) {
            StreamFanout f = fanouts.computeIfAbsent(streamId, id -> new StreamFanout(id, this::fanoutClosed, helper,
                    lag.stream(Math.max(1, config.queuePackets()))));
            switch (f.add(session)) {
                case CLOSED -> {
                    fanouts.remove(streamId, f);
                    continue;
                }
                case JOINED -> {
                    session.fanout(f);
                    return true;
                }
                case FIRST -> {
                    session.fanout(f);
                    try {
                        // one attachment per stream, under one handler name for every listener: the core keeps metrics
                        // per handler name, and GET /whep tells the sessions apart
                        f.attached(registry.attach(streamId, stream -> f.playing(stream), Map.of(MediaHandler.NAME, HANDLER_NAME,
                                MediaHandler.QUEUE_CAPACITY, Math.max(1, config.queuePackets()))));
                        return true;
                    } catch (StreamNotFoundException e) {
                        f.attachFailed(EndCause.STREAM_ENDED, "the stream ended before the session started");
                        return false;
                    } catch (MediaHandlerException | IllegalArgumentException e) {
                        f.attachFailed(EndCause.DETACHED, e.getMessage());
                        throw new ProblemException(500, "Attach failed", e.getMessage());
                    }
                }
            }
        }
    }

    private void fanoutClosed(StreamFanout f) {
        fanouts.remove(f.streamId(), f);
    }

    private static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** @return the offer's ICE username fragment (session level, else its first media section's), or null */
    private static String ufrag(SessionDescription offer) {
        Optional<String> u = offer.attribute("ice-ufrag");
        if (u.isPresent()) return u.get();
        return offer.media().isEmpty() ? null : offer.attribute(offer.media().get(0), "ice-ufrag").orElse(null);
    }
}
