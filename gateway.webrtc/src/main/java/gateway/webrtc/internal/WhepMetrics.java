package gateway.webrtc.internal;

import gateway.lib.rtc.TransportStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * WHEP playback's metrics on {@code GET /metrics}: sessions now, started and ended (by cause), Opus packets sent to
 * listeners, and what the WebRTC transport refused or dropped. Session totals come from {@link WhepTotals}; the
 * transport's counters from the transport open now (they start again at zero when the plugin is reconfigured).
 */
@Component(service = MultiCollector.class)
public final class WhepMetrics implements MultiCollector {
    private final WhepTotals totals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhepSessions sessions;

    @Activate
    public WhepMetrics(@Reference WhepTotals totals) {
        this.totals = totals;
    }

    @Override
    public MetricSnapshots collect() {
        WhepSessions s = sessions;
        CounterSnapshot.Builder ended = CounterSnapshot.builder().name("gateway_whep_sessions_ended")
                .help("WHEP sessions that ended, by cause");
        for (EndCause c : EndCause.values()) {
            ended.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("cause", c.wire())).value(totals.ended(c)).build());
        }
        TransportStats t = s == null ? null : s.transportStats();
        return MetricSnapshots.of(
                gauge("gateway_whep_sessions", "WHEP sessions running now", s == null ? 0 : s.open()),
                counter("gateway_whep_sessions_started", "WHEP offers answered (201)", totals.started()),
                ended.build(),
                counter("gateway_whep_sent_packets", "Opus packets sent to WHEP listeners",
                        totals.packetsOfEnded() + (s == null ? 0 : s.packetsOfRunning())),
                counter("gateway_whep_transport_stun_rejected", "STUN messages the WebRTC transport refused (malformed, bad integrity, unknown user)",
                        t == null ? 0 : t.stunRejected()),
                counter("gateway_whep_transport_unknown_source", "DTLS or RTP datagrams from addresses ICE has not validated, dropped",
                        t == null ? 0 : t.unknownSource()),
                counter("gateway_whep_transport_malformed", "Datagrams the WebRTC transport could not classify or frame, dropped",
                        t == null ? 0 : t.malformed()),
                counter("gateway_whep_transport_dtls_failures", "DTLS handshakes that failed", t == null ? 0 : t.dtlsFailures()),
                counter("gateway_whep_transport_srtp_rejected", "SRTP/SRTCP packets dropped (bad tag, replay, malformed)",
                        t == null ? 0 : t.srtpRejected()));
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
