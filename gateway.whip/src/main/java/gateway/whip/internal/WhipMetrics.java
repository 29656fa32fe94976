package gateway.whip.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The WHIP bridges' metrics on {@code GET /metrics}: bridges by state now, requested and ended (by state and
 * cause, the {@link EndCause} constants), the pool's ports, Opus packets relayed and PCM frames dropped. The
 * totals come from {@link WhipTotals}, which outlives a re-creation of {@link WhipBridges}; the bridges and the
 * pool from the component running now (none while it restarts).
 */
@Component(service = MultiCollector.class)
public final class WhipMetrics implements MultiCollector {
    /** The states of a bridge that has not ended. */
    private static final List<BridgeState> RUNNING = List.of(BridgeState.WAITING, BridgeState.CONNECTED);

    private final WhipTotals totals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhipBridges bridges;

    @Activate
    public WhipMetrics(@Reference WhipTotals totals) {
        this.totals = totals;
    }

    @Override
    public MetricSnapshots collect() {
        WhipBridges b = bridges;
        Map<BridgeState, Integer> byState = b == null ? Map.of() : b.countByState();
        GaugeSnapshot.Builder now = GaugeSnapshot.builder().name("gateway_whip_bridges")
                .help("WHIP bridges that have not ended, by state: waiting for their publisher, or connected");
        for (BridgeState s : RUNNING) {
            now.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("state", s.wire())).value(byState.getOrDefault(s, 0)).build());
        }
        CounterSnapshot.Builder ended = CounterSnapshot.builder().name("gateway_whip_bridges_ended")
                .help("WHIP bridges that ended, by final state (ended or failed) and cause");
        for (EndCause c : EndCause.values()) {
            ended.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("state", c.state(), "cause", c.wire()))
                    .value(totals.ended(c)).build());
        }
        return MetricSnapshots.of(
                now.build(),
                counter("gateway_whip_bridges_requested", "WHIP bridges requested (POST /stream answered 201)", totals.requested()),
                ended.build(),
                gauge("gateway_whip_pool_ports", "TCP ports in the pool for the bridges' WHIP endpoints", b == null ? 0 : b.poolSize()),
                gauge("gateway_whip_pool_ports_in_use", "Pool ports held by a bridge", b == null ? 0 : b.poolInUse()),
                counter("gateway_whip_sent_packets", "Opus packets the bridges sent to their SRT targets (and into their live streams)",
                        totals.packets()),
                counter("gateway_whip_dropped_frames", "10 ms PCM frames from WebRTC the bridges dropped (the relay was behind, or the sample rate changed)",
                        totals.droppedFrames()));
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
