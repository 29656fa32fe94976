package gateway.core.internal.metrics;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code GET /metrics} shows: the core's own metrics, the JVM's, and those of every plugin that
 * registers a Prometheus {@link Collector} or {@link MultiCollector} service (the whiteboard). A plugin's
 * metrics are bound while its service is registered and gone the moment it is unregistered, which DS does
 * when the plugin's bundle stops.
 *
 * <p>A scrape never fails because of a plugin: a collector that throws is left out of that scrape, logged
 * once and counted ({@code gateway_metrics_collector_errors_total}); a metric whose name is already taken
 * (by the core or a plugin bound earlier) is left out and logged once.
 */
@Component(service = CollectorWhiteboard.class)
public final class CollectorWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorWhiteboard.class);
    static final String CORE = "gateway.core";

    /** One service's contribution, with what decides the order in which names are claimed. */
    private record Contribution(String plugin, int ranking, long serviceId, Supplier<MetricSnapshots> collect) {
        Contribution(String plugin, Supplier<MetricSnapshots> collect) {
            this(plugin, Integer.MAX_VALUE, 0, collect);
        }
    }

    /** Highest service ranking first, then the oldest registration. */
    private static final Comparator<Contribution> CLAIM_ORDER =
            Comparator.comparingInt(Contribution::ranking).reversed().thenComparingLong(Contribution::serviceId);

    /** A service object may be registered as a Collector and as a MultiCollector at once: two entries. */
    private record Key(Object serviceId, boolean multi) {}

    private final StreamMetrics streams;
    private final RuntimeMetrics runtime;
    private final PrometheusRegistry jvm = new PrometheusRegistry();
    private final Map<Key, Contribution> plugins = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    /** Problems already logged (plugin and what), so a broken collector does not flood the log at every scrape. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    @Activate
    public CollectorWhiteboard(@Reference StreamMetrics streams, @Reference RuntimeMetrics runtime) {
        this.streams = streams;
        this.runtime = runtime;
        // The JVM basics, each registered on its own: JvmMetrics.register() would remember this registry in a
        // static set of the library bundle for ever. Allocation per memory pool is left out: it installs a GC
        // listener that cannot be removed, which would outlive a restart of this bundle.
        PrometheusProperties config = PrometheusProperties.get();
        JvmThreadsMetrics.builder(config).register(jvm);
        JvmBufferPoolMetrics.builder(config).register(jvm);
        JvmClassLoadingMetrics.builder(config).register(jvm);
        JvmCompilationMetrics.builder(config).register(jvm);
        JvmGarbageCollectorMetrics.builder(config).register(jvm);
        JvmMemoryMetrics.builder(config).register(jvm);
        JvmNativeMemoryMetrics.builder(config).register(jvm);
        JvmRuntimeInfoMetric.builder(config).register(jvm);
        ProcessMetrics.builder(config).register(jvm);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCollector(Collector collector, ServiceReference<Collector> ref) {
        plugins.put(key(ref, false), contribution(ref, () -> {
            MetricSnapshot s = collector.collect();
            return s == null ? MetricSnapshots.of() : MetricSnapshots.of(s);
        }));
    }

    void removeCollector(ServiceReference<Collector> ref) {
        plugins.remove(key(ref, false));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMultiCollector(MultiCollector collector, ServiceReference<MultiCollector> ref) {
        plugins.put(key(ref, true), contribution(ref, collector::collect));
    }

    void removeMultiCollector(ServiceReference<MultiCollector> ref) {
        plugins.remove(key(ref, true));
    }

    /**
     * Collects every metric now, on the calling thread.
     *
     * @return the core's, the JVM's and the plugins' metrics, each name once
     */
    public MetricSnapshots scrape() {
        MetricSnapshots.Builder out = MetricSnapshots.builder();
        Set<String> names = new HashSet<>();
        add(out, names, new Contribution(CORE, streams::collect));
        add(out, names, new Contribution(CORE, runtime::collect));
        add(out, names, new Contribution(CORE, jvm::scrape));
        plugins.values().stream().sorted(CLAIM_ORDER).forEach(c -> add(out, names, c));
        add(out, names, new Contribution(CORE, () -> MetricSnapshots.of(errorCounter())));
        return out.build();
    }

    private void add(MetricSnapshots.Builder out, Set<String> names, Contribution c) {
        MetricSnapshots collected;
        try {
            collected = c.collect().get();
        } catch (RuntimeException | LinkageError e) {
            errors.computeIfAbsent(c.plugin(), p -> new AtomicLong()).incrementAndGet();
            if (logged.add(c.plugin() + " failed " + e.getClass().getName())) {
                LOG.warn("The metrics of {} are left out: its collector failed: {}", c.plugin(), e.toString(), e);
            }
            return;
        }
        if (collected == null) return;
        for (MetricSnapshot s : collected) {
            if (s == null) continue;
            String name = s.getMetadata().getPrometheusName();
            if (names.add(name)) {
                out.metricSnapshot(s);
            } else if (logged.add(c.plugin() + " duplicate " + name)) {
                LOG.warn("Metric {} of {} is left out: another collector has that name", name, c.plugin());
            }
        }
    }

    private CounterSnapshot errorCounter() {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("gateway_metrics_collector_errors")
                .help("Scrapes in which a plugin's collector failed (its metrics were left out), by plugin");
        errors.forEach((plugin, n) -> b.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("plugin", plugin)).value(n.get()).build()));
        return b.build();
    }

    private static Key key(ServiceReference<?> ref, boolean multi) {
        return new Key(ref.getProperty(Constants.SERVICE_ID), multi);
    }

    private static Contribution contribution(ServiceReference<?> ref, Supplier<MetricSnapshots> collect) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        String plugin = ref.getBundle() == null ? "unknown" : ref.getBundle().getSymbolicName();
        return new Contribution(plugin, ranking instanceof Integer i ? i : 0,
                ((Number) ref.getProperty(Constants.SERVICE_ID)).longValue(), collect);
    }
}
