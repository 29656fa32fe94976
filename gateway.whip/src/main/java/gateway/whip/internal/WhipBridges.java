package gateway.whip.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.http.ProblemException;
import gateway.api.stream.StreamRegistry;
import gateway.lib.srt.SrtCallerOptions;
import gateway.lib.srt.SrtSenderStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WHIP → SRT bridges: takes a port from the pool for each {@code POST /stream}, runs a WHIP endpoint
 * there, relays the publisher's audio to the requested SRT listener, and ends each bridge when its
 * publisher leaves, no media flows for the watchdog's time, WebRTC or SRT fails, or the plugin stops.
 */
@Component(service = WhipBridges.class, immediate = true, configurationPid = "gateway.whip")
@Designate(ocd = WhipBridges.Config.class)
public final class WhipBridges implements Bridge.BridgeHost, WhipEndpoint.BridgeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(WhipBridges.class);
    /** A teardown taking longer is logged as a warning, with the time of each step. */
    private static final long SLOW_TEARDOWN_MILLIS = 500;

    @ObjectClassDefinition(name = "WHIP bridge", description = "WebRTC (WHIP) ingest relayed to SRT")
    public @interface Config {
        @AttributeDefinition(description = "TCP ports for the bridges' WHIP endpoints, one bridge per port: e.g. '10401' or "
                + "'10401-10410,10420'; empty = the HTTP port number + 1")
        String ports() default "";

        @AttributeDefinition(description = "Bind address of the bridges' WHIP endpoints")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "STUN server announced to clients when the request names none (host)")
        String stunHost() default "stun.l.google.com";

        @AttributeDefinition(description = "STUN server announced to clients when the request names none (port)")
        int stunPort() default 19302;

        @AttributeDefinition(description = "Seconds without media (including nobody connecting) before a bridge ends and frees its port")
        int noMediaTimeoutSeconds() default 60;

        @AttributeDefinition(description = "Bearer token required to publish (POST, PATCH, DELETE on the WHIP endpoints); empty = none")
        String whipToken() default "";

        @AttributeDefinition(description = "SRT latency in milliseconds proposed to the SRT target")
        int srtLatencyMillis() default 120;

        @AttributeDefinition(description = "AES key length in bytes (16, 24 or 32) when a password is given")
        int srtKeyLength() default 16;

        @AttributeDefinition(description = "Seconds to wait for the SRT target to accept the connection")
        int srtConnectTimeoutSeconds() default 3;

        @AttributeDefinition(description = "Opus bitrate (bit/s) for stereo input")
        int bitrateStereo() default 128_000;

        @AttributeDefinition(description = "Opus bitrate (bit/s) for mono input")
        int bitrateMono() default 96_000;

        @AttributeDefinition(description = "Lowest UDP port for WebRTC (ICE); 0 = any")
        int iceMinPort() default 0;

        @AttributeDefinition(description = "Highest UDP port for WebRTC (ICE); 0 = any")
        int iceMaxPort() default 0;

        @AttributeDefinition(description = "Milliseconds each step of answering an offer may take (incl. gathering candidates)")
        int negotiationTimeoutMillis() default 5000;
    }

    private final StreamRegistry registry;
    private final GatewayEvents events;
    private final Config config;
    private final PortPool pool;
    private final WebRtcEngine engine;
    private final WhipEndpoint endpoint;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("whip-watchdog").daemon().factory());
    private final Duration noMedia;

    @Activate
    public WhipBridges(@Reference StreamRegistry registry, @Reference GatewayEvents events, BundleContext context, Config config) {
        this.registry = registry;
        this.events = events;
        this.config = config;
        String spec = config.ports().isBlank() ? String.valueOf(httpPort(context) + 1) : config.ports();
        this.pool = new PortPool(PortPool.parse(spec));
        this.engine = new WebRtcEngine(config.iceMinPort(), config.iceMaxPort());
        this.endpoint = new WhipEndpoint(engine, config.whipToken(), Duration.ofMillis(Math.max(500, config.negotiationTimeoutMillis())), this);
        this.noMedia = Duration.ofSeconds(Math.max(1, config.noMediaTimeoutSeconds()));
        watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        LOG.info("WHIP bridge ready: {} port(s) {}, watchdog {} s, {}", pool.size(), spec, noMedia.toSeconds(),
                config.whipToken().isEmpty() ? "no publish token" : "publish token required");
    }

    private static int httpPort(BundleContext context) {
        String p = context.getProperty("gateway.http.port");
        if (p == null) p = context.getProperty("org.osgi.service.http.port");
        try {
            return p == null ? 10300 : Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            return 10300;
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        watchdog.shutdownNow();
        for (Bridge b : List.copyOf(bridges.values())) b.end("the WHIP bridge plugin stopped", false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!bridges.isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        engine.close();
    }

    /**
     * Starts a bridge: takes a port, starts its WHIP endpoint (accepting connections before this returns).
     *
     * @param request the validated request
     * @return the bridge
     * @throws ProblemException 409 when no port of the pool is free
     */
    Bridge request(BridgeRequest request) {
        List<Integer> unusable = new ArrayList<>();
        try {
            while (true) {
                OptionalInt port = pool.take();
                if (port.isEmpty()) {
                    // a bridge may be being torn down (e.g. its publisher has just sent DELETE): its port is free in
                    // a moment. Asked again even when none is: a teardown may have freed its port since take().
                    awaitRelease();
                    port = pool.take();
                }
                if (port.isEmpty()) {
                    throw ProblemException.conflict(pool.size() == 1 && unusable.isEmpty()
                            ? "the WHIP port is in use by another stream"
                            : "all " + pool.size() + " WHIP ports are in use" + (unusable.isEmpty() ? "" : " (" + unusable + " taken by other programs)"));
                }
                Bridge bridge = new Bridge(port.getAsInt(), request, this);
                try {
                    bridge.server(WhipServer.start(config.host(), port.getAsInt(), bridge, endpoint));
                } catch (IOException e) {
                    LOG.warn("WHIP port {} cannot be bound: {}", port.getAsInt(), e.getMessage());
                    unusable.add(port.getAsInt());
                    continue;
                }
                bridges.put(bridge.id(), bridge);
                Map<String, Object> data = base(bridge);
                data.put("encrypted", request.srtPassword() != null);
                events.publish(GatewayEvent.now("whip-requested", data));
                LOG.info("WHIP bridge {} on port {} to SRT {}", bridge.id(), bridge.port(), request.srtTarget());
                return bridge;
            }
        } finally {
            for (int p : unusable) pool.release(p);
        }
    }

    private void awaitRelease() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        try {
            while (pool.free() == 0 && bridges.values().stream().anyMatch(Bridge::isEnded) && System.nanoTime() < deadline) {
                pool.awaitRelease(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Optional<Bridge> find(String id) {
        return Optional.ofNullable(bridges.get(id));
    }

    List<Map<String, Object>> list() {
        return bridges.values().stream().map(Bridge::describe).toList();
    }

    WhipEndpoint endpoint() {
        return endpoint;
    }

    String defaultStunHost() {
        return config.stunHost();
    }

    int defaultStunPort() {
        return config.stunPort();
    }

    @Override
    public OpusRelay relay(Bridge bridge) {
        BridgeRequest r = bridge.request();
        SrtCallerOptions srt = SrtCallerOptions.to(new InetSocketAddress(r.srtHost(), r.srtPort()))
                .withLatency(Duration.ofMillis(config.srtLatencyMillis()))
                .withConnectTimeout(Duration.ofSeconds(Math.max(1, config.srtConnectTimeoutSeconds())));
        if (r.srtPassword() != null) srt = srt.withPassphrase(r.srtPassword(), config.srtKeyLength());
        Map<String, String> metadata = Map.of("bridge", bridge.id(), "srt.target", r.srtTarget(), "whip.port", String.valueOf(bridge.port()));
        return new OpusRelay(new OpusRelay.Settings(srt, r.srtTarget(), config.bitrateStereo(), config.bitrateMono(), metadata), registry,
                () -> events.publish(GatewayEvent.now("whip-srt-connected", base(bridge))),
                reason -> bridge.end(reason, true), bridge.id());
    }

    @Override
    public void sessionStarted(Bridge bridge) {
        LOG.info("WHIP bridge {}: offer answered, session {}", bridge.id(), bridge.sessionId());
    }

    @Override
    public void whipConnected(Bridge bridge) {
        Map<String, Object> data = base(bridge);
        data.put("session", bridge.sessionId());
        events.publish(GatewayEvent.now("whip-connected", data));
        LOG.info("WHIP bridge {}: publisher connected", bridge.id());
    }

    @Override
    public void teardown(Bridge bridge, String reason, boolean failed) {
        OpusRelay relay = bridge.relay();
        TeardownClock clock = new TeardownClock();
        try {
            // the port first: a publisher that has just sent DELETE may request its next bridge at once
            WhipServer server = bridge.server();
            if (server != null) server.stop();
        } catch (RuntimeException e) {
            LOG.error("WHIP bridge {}: stopping its endpoint failed", bridge.id(), e);
        } finally {
            pool.release(bridge.port());
            clock.step("endpoint");
        }
        try {
            WhipSession s = bridge.session();
            if (s != null) s.close();
            clock.step("WebRTC");
            if (relay != null) relay.stop(reason, failed);
            clock.step("SRT");
        } catch (RuntimeException e) {
            LOG.error("WHIP bridge {}: teardown failed", bridge.id(), e);
        } finally {
            bridges.remove(bridge.id());
        }
        Map<String, Object> data = base(bridge);
        data.put("state", failed ? "failed" : "ended");
        data.put("reason", reason);
        data.put("stream", relay == null ? null : relay.streamId());
        data.put("packets", relay == null ? 0 : relay.packets());
        SrtSenderStats stats = relay == null ? null : relay.srtStats();
        data.put("srtStats", stats);
        events.publish(GatewayEvent.now("whip-ended", data));
        if (clock.totalMillis() >= SLOW_TEARDOWN_MILLIS) {
            LOG.warn("WHIP bridge {} on port {} ended, slowly ({}): {}", bridge.id(), bridge.port(), clock, reason);
        } else {
            LOG.info("WHIP bridge {} on port {} ended ({}): {}", bridge.id(), bridge.port(), clock, reason);
        }
    }

    /** How long each step of a teardown took, for its log line. */
    private static final class TeardownClock {
        private final long start = System.nanoTime();
        private long last = start;
        private final StringBuilder steps = new StringBuilder();

        void step(String name) {
            long now = System.nanoTime();
            steps.append(steps.isEmpty() ? "" : ", ").append(name).append(' ').append((now - last) / 1_000_000).append(" ms");
            last = now;
        }

        long totalMillis() {
            return (last - start) / 1_000_000;
        }

        @Override
        public String toString() {
            return totalMillis() + " ms to tear down: " + steps;
        }
    }

    private static Map<String, Object> base(Bridge bridge) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bridge", bridge.id());
        data.put("port", bridge.port());
        data.put("srt", bridge.request().srtTarget());
        return data;
    }

    private void watch() {
        try {
            for (Bridge b : bridges.values()) {
                if (b.isEnded()) continue;
                WhipSession s = b.session();
                if (s != null && s.isConnected()) s.packetsReceived(b::packetsReceived);
                if (b.idleNanos() > noMedia.toNanos()) {
                    b.end("no media for " + noMedia.toSeconds() + " s" + (s == null ? " (no publisher connected)" : ""), false);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("WHIP watchdog", e);
        }
    }
}
