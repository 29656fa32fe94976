package gateway.core.internal.metrics;

import gateway.api.event.GatewayEvents;
import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The live streams and what they carried, by origin, and what each media handler received: read from the
 * {@link StreamRegistry} as any plugin sees it. Totals are brought up to date at every scrape, whenever a
 * stream ends (its {@value StreamRegistry#STREAM_ENDED} event) and every {@value #REFRESH_SECONDS} s, well
 * within the {@value StreamRegistry#ENDED_RETENTION_SECONDS} s an ended stream stays in the registry with its
 * final counters and attachments: what a stream and its sessions carried counts even when nobody scrapes
 * before the registry forgets the stream.
 */
@Component(service = StreamMetrics.class, immediate = true)
public final class StreamMetrics implements MultiCollector {
    /** Seconds between refreshes without a scrape: less than half the registry's retention of ended streams. */
    static final int REFRESH_SECONDS = 20;
    private static final List<StreamState> CURRENT_STATES = List.of(StreamState.STARTING, StreamState.LIVE);

    private final StreamRegistry registry;
    private final OriginTotals origins = new OriginTotals();
    private final HandlerTotals handlers = new HandlerTotals();
    private final GatewayEvents.Subscription subscription;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("metrics-stream-totals").daemon().factory());

    @Activate
    public StreamMetrics(@Reference StreamRegistry registry, @Reference GatewayEvents events) {
        this.registry = registry;
        this.subscription = events.subscribe(e -> {
            if (StreamRegistry.STREAM_ENDED.equals(e.type())) refresh();
        });
        refresher.scheduleWithFixedDelay(this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        subscription.close();
        refresher.shutdownNow();
    }

    /**
     * Brings the totals up to date with the registry: every stream it holds, and the attachments of each, ended
     * streams included (their attachments carry their final counters). The listing is taken under the lock
     * (see {@link OriginTotals#observe}).
     */
    private synchronized void refresh() {
        List<LiveStream> streams = registry.streams();
        origins.observe(streams);
        handlers.begin();
        for (LiveStream s : streams) {
            handlers.observe(s.id(), s.state().isTerminal(), registry.attachments(s.id()));
        }
        handlers.end();
    }

    @Override
    public MetricSnapshots collect() {
        synchronized (this) {
            refresh();
            return MetricSnapshots.of(
                    streamsNow(),
                    originCounter("gateway_streams_opened", "Streams opened, by origin", null, f -> f.opened),
                    endedCounter(),
                    originCounter("gateway_stream_packets", "Packets the streams of an origin delivered", null, f -> f.packets),
                    originCounter("gateway_stream_bytes", "Payload bytes the streams of an origin delivered", Unit.BYTES, f -> f.bytes),
                    handlerGauge(),
                    handlerCounter("gateway_handler_delivered_packets", "Packets handed to a media handler's sessions", f -> f.delivered),
                    handlerCounter("gateway_handler_dropped_packets",
                            "Packets a media handler missed because its queue was full", f -> f.dropped),
                    handlerCounter("gateway_handler_failures", "Sessions of a media handler that failed", f -> f.failures));
        }
    }

    private GaugeSnapshot streamsNow() {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("gateway_streams")
                .help("Streams in the registry that have not ended, by origin and state");
        origins.byOrigin().forEach((origin, f) -> {
            for (StreamState state : CURRENT_STATES) {
                b.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("origin", origin, "state", state.label()))
                        .value(f.current.getOrDefault(state, 0)).build());
            }
        });
        return b.build();
    }

    private CounterSnapshot endedCounter() {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("gateway_streams_ended")
                .help("Streams that ended, by origin and final state (ended normally or failed)");
        origins.byOrigin().forEach((origin, f) -> {
            b.dataPoint(counter(f.ended, "origin", origin, "state", StreamState.ENDED.label()));
            b.dataPoint(counter(f.failed, "origin", origin, "state", StreamState.FAILED.label()));
        });
        return b.build();
    }

    private CounterSnapshot originCounter(String name, String help, Unit unit,
                                          ToDoubleFunction<OriginTotals.Figures> value) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        origins.byOrigin().forEach((origin, f) -> b.dataPoint(counter(value.applyAsDouble(f), "origin", origin)));
        return b.build();
    }

    private GaugeSnapshot handlerGauge() {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("gateway_handler_attachments")
                .help("Live streams a media handler is attached to (or attaching to), by handler");
        handlers.byHandler().forEach((handler, f) -> b.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("handler", handler)).value(f.attached).build()));
        return b.build();
    }

    private CounterSnapshot handlerCounter(String name, String help, ToDoubleFunction<HandlerTotals.Figures> value) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (Map.Entry<String, HandlerTotals.Figures> e : handlers.byHandler().entrySet()) {
            b.dataPoint(counter(value.applyAsDouble(e.getValue()), "handler", e.getKey()));
        }
        return b.build();
    }

    private static CounterDataPointSnapshot counter(double value, String... labels) {
        return CounterDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }
}
