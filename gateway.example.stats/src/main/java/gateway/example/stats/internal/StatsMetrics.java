package gateway.example.stats.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * This plugin's metrics on the gateway's {@code GET /metrics}: registering a {@link MultiCollector} service is
 * all it takes. The gateway calls {@link #collect()} on the scrape's thread; while this component is active its
 * metrics are there, and they vanish when the plugin stops or is removed.
 */
@Component(service = MultiCollector.class)
public final class StatsMetrics implements MultiCollector {

    private final StatisticsHandler handler;

    @Activate
    public StatsMetrics(@Reference StatisticsHandler handler) {
        this.handler = handler;
    }

    /** Reads values kept anyway: cheap, and never blocks. */
    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                GaugeSnapshot.builder().name("gateway_example_stats_streams").help("Live streams this plugin is watching")
                        .dataPoint(GaugeDataPointSnapshot.builder().value(handler.watching()).build()).build(),
                handler.gaps.collect());
    }
}
