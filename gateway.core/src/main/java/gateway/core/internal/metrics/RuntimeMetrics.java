package gateway.core.internal.metrics;

import gateway.core.internal.http.ManagementRefusalCounter;
import gateway.core.internal.plugins.PluginInspector;
import gateway.core.internal.plugins.PluginView;
import gateway.core.internal.rest.SseResource;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The gateway itself: its version, the state and health of every plugin (bundle), the {@code /sse} clients, and
 * the management requests refused for their token.
 */
@Component(service = RuntimeMetrics.class)
public final class RuntimeMetrics implements MultiCollector {
    /** The OSGi bundle states a plugin can be in, as {@code /plugins} names them. */
    static final List<String> PLUGIN_STATES = List.of("installed", "resolved", "starting", "active", "stopping");

    /** What a plugin's data points depend on. */
    private record PluginKey(String plugin, String version, String state, boolean healthy) {}

    /** A plugin's data points: one per state, and its health. */
    private record PluginPoints(List<GaugeDataPointSnapshot> states, GaugeDataPointSnapshot healthy) {}

    private final PluginInspector plugins;
    private final ManagementRefusalCounter refusals;
    private final String version;
    /**
     * The data points of each plugin as it was at the last scrapes: snapshots are immutable and plugins rarely
     * change, so a scrape builds (and validates the labels of) only those of a plugin that changed.
     */
    private final Map<PluginKey, PluginPoints> pluginPoints = new ConcurrentHashMap<>();

    /** Optional and dynamic: a change of the SSE configuration re-creates that resource, not this collector. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SseResource sse;

    @Activate
    public RuntimeMetrics(@Reference PluginInspector plugins, @Reference ManagementRefusalCounter refusals, BundleContext context) {
        this.plugins = plugins;
        this.refusals = refusals;
        this.version = context.getBundle().getVersion().toString();
    }

    @Override
    public MetricSnapshots collect() {
        List<PluginView> all = plugins.plugins();
        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name("gateway_plugin_state")
                .help("1 for the state a plugin (OSGi bundle) is in, 0 for the others");
        GaugeSnapshot.Builder healthy = GaugeSnapshot.builder().name("gateway_plugin_healthy")
                .help("1 when a plugin is running as it should, 0 when it failed to resolve or start or a component of it failed (GET /plugins says why)");
        Set<PluginKey> seen = new HashSet<>();
        for (PluginView p : all) {
            PluginKey key = new PluginKey(p.symbolicName(), p.version(), p.state(), p.healthy());
            seen.add(key);
            PluginPoints points = pluginPoints.computeIfAbsent(key, RuntimeMetrics::points);
            points.states().forEach(state::dataPoint);
            healthy.dataPoint(points.healthy());
        }
        pluginPoints.keySet().retainAll(seen);
        CounterSnapshot.Builder refused = CounterSnapshot.builder().name("gateway_management_refusals")
                .help("Management requests (/plugins, /metrics, ...) refused for their bearer token, by reason");
        for (ManagementRefusalCounter.Reason r : ManagementRefusalCounter.Reason.values()) {
            refused.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("reason", r.label())).value(refusals.refusals(r)).build());
        }
        SseResource clients = sse;
        return MetricSnapshots.of(
                InfoSnapshot.builder().name("gateway").help("The gateway's version")
                        .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("version", version)).build()).build(),
                state.build(),
                healthy.build(),
                GaugeSnapshot.builder().name("gateway_sse_clients").help("Clients connected to GET /sse")
                        .dataPoint(gauge(clients == null ? 0 : clients.clientCount())).build(),
                refused.build());
    }

    private static PluginPoints points(PluginKey p) {
        List<GaugeDataPointSnapshot> states = new ArrayList<>(PLUGIN_STATES.size());
        for (String s : PLUGIN_STATES) {
            states.add(gauge(s.equals(p.state()) ? 1 : 0, "plugin", p.plugin(), "version", p.version(), "state", s));
        }
        return new PluginPoints(List.copyOf(states), gauge(p.healthy() ? 1 : 0, "plugin", p.plugin(), "version", p.version()));
    }

    private static GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }
}
