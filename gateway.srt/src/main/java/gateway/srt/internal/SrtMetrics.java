package gateway.srt.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The SRT ingest's metrics on {@code GET /metrics}: callers connected, accepted and refused (by reason), the
 * receiving side's counters over every connection, how late their audio reached the stream registry, malformed
 * datagrams, and the reservations. The totals come
 * from {@link IngestTotals}, which outlives a reconfiguration of the ingest; the reservations from the ingest
 * running now (none while it restarts). Reads values kept anyway; each open connection's counters are read
 * under its own lock, which its receive path holds only per datagram.
 */
@Component(service = MultiCollector.class)
public final class SrtMetrics implements MultiCollector {
    /** Reservation states as the {@code state} label names them. */
    static final String WAITING = "waiting", LIVE = "live";

    private final IngestTotals totals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SrtIngest ingest;

    @Activate
    public SrtMetrics(@Reference IngestTotals totals) {
        this.totals = totals;
    }

    @Override
    public MetricSnapshots collect() {
        IngestTotals.Receiving r = totals.receiving();
        SrtIngest gate = ingest;
        return MetricSnapshots.of(
                gauge("gateway_srt_connections", "SRT callers connected now (admitted, streaming)", r.connections()),
                counter("gateway_srt_connections_accepted", "SRT callers admitted with a reservation's token", null, totals.accepted()),
                refused(),
                counter("gateway_srt_received_packets", "Data packets the SRT connections received, retransmissions included",
                        null, r.packetsReceived()),
                counter("gateway_srt_received_bytes", "Payload bytes of those packets", Unit.BYTES, r.bytesReceived()),
                counter("gateway_srt_lost_packets", "Packets the SRT connections found missing on arrival (and asked again for)",
                        null, r.packetsLost()),
                counter("gateway_srt_retransmitted_packets", "Retransmitted packets the SRT connections received",
                        null, r.packetsRetransmitted()),
                counter("gateway_srt_dropped_packets", "Packets the SRT connections gave up on (too late for their delivery time, "
                        + "dropped by the sender, beyond the receive buffer)", null, r.packetsDropped()),
                counter("gateway_srt_key_refreshes", "Stream keys SRT callers announced during their connections", null, r.keyRefreshes()),
                totals.deliveryDelays().snapshot(),
                totals.releaseDelays().snapshot(),
                GaugeSnapshot.builder().name("gateway_srt_rtt_max_seconds").unit(Unit.SECONDS)
                        .help("The largest smoothed round-trip time of the SRT connections open now (0 when none is)")
                        .dataPoint(GaugeDataPointSnapshot.builder().value(r.maxRttMicros() / 1e6).build()).build(),
                counter("gateway_srt_malformed_datagrams", "UDP datagrams the SRT listener dropped: malformed, or for no connection",
                        null, totals.malformedDatagrams()),
                GaugeSnapshot.builder().name("gateway_srt_reservations")
                        .help("Reservations by state: waiting for their caller, or live (the caller streams)")
                        .dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("state", WAITING))
                                .value(gate == null ? 0 : gate.reservationsWaiting()).build())
                        .dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("state", LIVE))
                                .value(gate == null ? 0 : gate.reservationsLive()).build()).build(),
                counter("gateway_srt_reservations_lapsed", "Reservations that lapsed without their caller", null, totals.lapsed()));
    }

    private CounterSnapshot refused() {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name("gateway_srt_callers_refused")
                .help("SRT callers the ingest refused, by reason");
        for (Map.Entry<CallerRefusal, Long> e : totals.refusals().counts().entrySet()) {
            b.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("reason", e.getKey().label())).value(e.getValue()).build());
        }
        return b.build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, Unit unit, double value) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) b.unit(unit);
        return b.dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
