package gateway.whip.internal;

import gateway.api.event.GatewayEvents;
import gateway.api.http.HttpEndpoint;
import gateway.api.stream.StreamRegistry;
import gateway.lib.srt.SrtCallerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.ComponentConstants;
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
 * The WHIP → SRT bridges: takes a port from the pool for each {@code POST /stream}, runs a WHIP endpoint
 * there, relays the publisher's audio to the requested SRT listener, and ends each bridge when its
 * publisher leaves, no media flows for the watchdog's time, WebRTC or SRT fails, or the plugin stops.
 *
 * <p>The gateway's {@link HttpEndpoint} is referenced statically: the default pool port (the HTTP port + 1),
 * the pool ports' TLS and their body limit come from it, so when the HTTP address changes the component is
 * reactivated with the new one (its bridges end with {@link EndCause#RECONFIGURED}).
 */
@Component(service = WhipBridges.class, immediate = true, configurationPid = "gateway.whip")
@Designate(ocd = WhipBridges.Config.class)
public final class WhipBridges implements Bridge.BridgeHost {
    private static final Logger LOG = LoggerFactory.getLogger(WhipBridges.class);
    /** A teardown taking longer is logged as a warning, with the time of each step. */
    private static final long SLOW_TEARDOWN_MILLIS = 500;
    /** How long stopping the plugin waits for its bridges' teardowns. */
    private static final Duration TEARDOWN_WAIT = Duration.ofSeconds(15);

    @ObjectClassDefinition(name = "WHIP bridge", description = "WebRTC (WHIP) ingest relayed to SRT")
    public @interface Config {
        @AttributeDefinition(description = "TCP ports for the bridges' WHIP endpoints, one bridge per port: e.g. '10401' or "
                + "'10401-10410,10420'; empty = the gateway's HTTP port number + 1")
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

        @AttributeDefinition(description = "Seconds to wait for the SRT target to accept the connection, and for the name "
                + "service to resolve its host when a bridge is requested")
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
    private final BridgeEvents events;
    private final WhipTotals totals;
    private final Config config;
    private final PortPool pool;
    private final WhipServer.Settings serverSettings;
    private final SrtHostLookup lookup;
    private final WebRtcEngine engine;
    private final WhipEndpoint endpoint;
    private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
    private final Watchdog watchdog;

    @Activate
    public WhipBridges(@Reference StreamRegistry registry, @Reference GatewayEvents events,
                       @Reference(policyOption = ReferencePolicyOption.GREEDY) HttpEndpoint http, @Reference WhipTotals totals,
                       Config config) {
        this.registry = registry;
        this.events = new BridgeEvents(events);
        this.totals = totals;
        this.config = config;
        String spec = config.ports().isBlank() ? String.valueOf(http.port() + 1) : config.ports();
        this.pool = new PortPool(PortPool.parse(spec));
        this.serverSettings = new WhipServer.Settings(config.host(), http.sslContext().orElse(null), http::maxRequestBodyBytes);
        this.lookup = new SrtHostLookup(InetAddress::getByName, srtConnectTimeout());
        this.engine = new WebRtcEngine(config.iceMinPort(), config.iceMaxPort());
        this.endpoint = new WhipEndpoint(engine, config.whipToken(), Duration.ofMillis(Math.max(500, config.negotiationTimeoutMillis())));
        Duration noMedia = Duration.ofSeconds(Math.max(1, config.noMediaTimeoutSeconds()));
        this.watchdog = new Watchdog(bridges::values, noMedia);
        LOG.info("WHIP bridge ready: {} port(s) {} ({}), watchdog {} s, {}", pool.size(), spec, http.secure() ? "https" : "http",
                noMedia.toSeconds(), config.whipToken().isEmpty() ? "no publish token" : "publish token required");
    }

    private Duration srtConnectTimeout() {
        return Duration.ofSeconds(Math.max(1, config.srtConnectTimeoutSeconds()));
    }

    /** @param reason the component runtime's deactivation reason, for the bridges' end cause */
    @Deactivate
    void deactivate(int reason) throws InterruptedException {
        watchdog.close();
        boolean restarting = reason == ComponentConstants.DEACTIVATION_REASON_REFERENCE
                || reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_MODIFIED
                || reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED;
        for (Bridge b : List.copyOf(bridges.values())) {
            if (restarting) {
                b.end(EndCause.RECONFIGURED, "the WHIP bridge plugin restarts: its configuration or a service it uses (such as the HTTP address) changed");
            } else {
                b.end(EndCause.PLUGIN_STOPPED, "the WHIP bridge plugin stopped");
            }
        }
        long deadline = System.nanoTime() + TEARDOWN_WAIT.toNanos();
        synchronized (bridges) {
            while (!bridges.isEmpty() && System.nanoTime() < deadline) {
                bridges.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        if (!bridges.isEmpty()) LOG.warn("WHIP: {} bridge(s) still tearing down after {} s", bridges.size(), TEARDOWN_WAIT.toSeconds());
        engine.close();
    }

    /**
     * Starts a bridge: resolves its SRT host, takes a port, starts its WHIP endpoint (accepting connections
     * before this returns).
     *
     * @param request the validated request
     * @return the bridge
     * @throws WhipException {@link WhipError#SRT_HOST_UNKNOWN} or {@link WhipError#SRT_HOST_LOOKUP_TIMEOUT} when the
     *                       SRT host does not resolve; {@link WhipError#POOL_EXHAUSTED} when no port of the pool is free
     */
    Bridge request(BridgeRequest request) {
        // before a port is taken: a name without an address never holds one
        InetSocketAddress srt = lookup.resolve(request.srtHost(), request.srtPort());
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
                    throw new WhipException(WhipError.POOL_EXHAUSTED, pool.size() == 1 && unusable.isEmpty()
                            ? "the WHIP port is in use by another stream"
                            : "all " + pool.size() + " WHIP ports are in use" + (unusable.isEmpty() ? "" : " (" + unusable + " taken by other programs)"));
                }
                Bridge bridge = new Bridge(port.getAsInt(), request, srt, this);
                try {
                    bridge.server(WhipServer.start(port.getAsInt(), bridge, endpoint, serverSettings));
                } catch (IOException e) {
                    LOG.warn("WHIP port {} cannot be bound: {}", port.getAsInt(), e.getMessage());
                    unusable.add(port.getAsInt());
                    continue;
                }
                bridges.put(bridge.id(), bridge);
                totals.countRequested();
                events.requested(bridge);
                LOG.info("WHIP bridge {} on port {} to SRT {} ({})", bridge.id(), bridge.port(), request.srtTarget(), srt.getAddress().getHostAddress());
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

    /**
     * @param id a bridge id
     * @return the bridge
     * @throws WhipException {@link WhipError#BRIDGE_NOT_FOUND} if there is none
     */
    Bridge get(String id) {
        return find(id).orElseThrow(() -> new WhipException(WhipError.BRIDGE_NOT_FOUND, "no WHIP bridge '" + id + "'; request one with POST /stream"));
    }

    Optional<Bridge> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(bridges.get(id));
    }

    List<Map<String, Object>> list() {
        return bridges.values().stream().map(Bridge::describe).toList();
    }

    /** @return the bridges that have not ended, per state (a bridge being torn down counts in none) */
    Map<BridgeState, Integer> countByState() {
        Map<BridgeState, Integer> out = new EnumMap<>(BridgeState.class);
        for (Bridge b : bridges.values()) {
            if (!b.isEnded()) out.merge(b.state(), 1, Integer::sum);
        }
        return out;
    }

    int poolSize() {
        return pool.size();
    }

    int poolInUse() {
        return pool.size() - pool.free();
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
        SrtCallerOptions srt = SrtCallerOptions.to(bridge.srtAddress())
                .withLatency(Duration.ofMillis(config.srtLatencyMillis()))
                .withConnectTimeout(srtConnectTimeout());
        if (r.srtPassword() != null) srt = srt.withPassphrase(r.srtPassword(), config.srtKeyLength());
        Map<String, String> metadata = Map.of("bridge", bridge.id(), "srt.target", r.srtTarget(), "whip.port", String.valueOf(bridge.port()));
        return new OpusRelay(new OpusRelay.Settings(srt, r.srtTarget(), config.bitrateStereo(), config.bitrateMono(), metadata), registry,
                new OpusRelay.Listener() {
                    @Override
                    public void srtConnected() {
                        events.srtConnected(bridge);
                    }

                    @Override
                    public void failed(EndCause cause, String reason) {
                        bridge.end(cause, reason);
                    }
                }, totals, bridge.id());
    }

    @Override
    public void whipConnected(Bridge bridge) {
        events.connected(bridge);
        LOG.info("WHIP bridge {}: publisher connected", bridge.id());
    }

    @Override
    public void teardown(Bridge bridge) {
        TeardownClock clock = new TeardownClock();
        OpusRelay relay = null;
        try {
            try {
                // the port first: a publisher that has just sent DELETE may request its next bridge at once
                WhipServer server = bridge.server();
                if (server != null) server.stop();
            } finally {
                pool.release(bridge.port());
                clock.step("endpoint");
            }
            bridge.settled(); // an offer being answered now either sees the end itself or is done after this
            relay = bridge.relay();
            WhipSession s = bridge.session();
            if (s != null) s.close();
            clock.step("WebRTC");
            if (relay != null) relay.stop(bridge.endCause(), bridge.endReason());
            clock.step("SRT");
        } catch (Throwable e) { // the teardown's own thread: logged, and the bridge is still removed and announced
            LOG.error("WHIP bridge {}: teardown failed", bridge.id(), e);
        } finally {
            bridges.remove(bridge.id());
            synchronized (bridges) {
                bridges.notifyAll();
            }
        }
        totals.countEnded(bridge.endCause());
        events.ended(bridge, relay);
        boolean slow = clock.totalMillis() >= SLOW_TEARDOWN_MILLIS;
        String line = "WHIP bridge {} on port {} ended" + (slow ? ", slowly" : "") + " ({}): {} [{}]";
        if (slow || bridge.endCause().failure()) {
            LOG.warn(line, bridge.id(), bridge.port(), clock, bridge.endReason(), bridge.endCause().wire());
        } else {
            LOG.info(line, bridge.id(), bridge.port(), clock, bridge.endReason(), bridge.endCause().wire());
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
}
