package gateway.webrtc.internal;

import gateway.lib.rtc.HandshakeStats;
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
 * The plugin's metrics on {@code GET /metrics}: WHEP sessions now, started and ended (by cause), Opus packets sent to
 * listeners, what the WebRTC transport refused or dropped, and WebRTC publishers and their packets. WHEP totals come
 * from {@link WhepTotals}; the transport's and the publishers' counters from the components running now (they start
 * again at zero when those are re-created).
 */
@Component(service = MultiCollector.class)
public final class WhepMetrics implements MultiCollector {
    private final WhepTotals totals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhepSessions sessions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhipIngest ingest;

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
        HandshakeStats h = s == null ? null : s.handshakeStats();
        WhipIngest w = ingest;
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
                counter("gateway_whep_transport_dtls_dropped", "DTLS records dropped because a handshake's queue was full (a flood on a validated address)",
                        t == null ? 0 : t.dtlsDropped()),
                counter("gateway_whep_transport_dtls_failures", "DTLS handshakes that failed", t == null ? 0 : t.dtlsFailures()),
                counter("gateway_whep_transport_srtp_rejected", "SRTP/SRTCP packets dropped (bad tag, replay, malformed)",
                        t == null ? 0 : t.srtpRejected()),
                counter("gateway_whep_transport_send_failures", "Datagrams the WebRTC transport's socket did not take (its send buffer full), lost",
                        s == null ? 0 : s.transportSendFailures()),
                counter("gateway_whep_transport_internal_errors", "Datagrams whose handling failed unexpectedly (a bug; logged with its stack trace)",
                        t == null ? 0 : t.internalErrors()),
                gauge("gateway_whep_transport_handshakes_waiting", "DTLS handshakes waiting for their turn to compute now",
                        h == null ? 0 : h.waiting()),
                gauge("gateway_whep_transport_handshakes_held", "DTLS handshakes held back now because sending to the listeners "
                        + "already playing is behind (admission control)", h == null || !h.holding() ? 0 : h.waiting()),
                gauge("gateway_whep_forwarding_behind", "1 while sending to a played stream's WHEP listeners is behind, else 0",
                        s != null && s.forwardingBehind() ? 1 : 0),
                counter("gateway_whep_transport_handshake_holds", "Times the transport began to hold DTLS handshakes back because forwarding was behind",
                        h == null ? 0 : h.holds()),
                counter("gateway_whep_transport_handshake_held_seconds", "Time the transport held DTLS handshakes back",
                        h == null ? 0 : h.heldNanos() / 1e9),
                counter("gateway_whep_transport_handshake_hold_overrides", "Holds ended because forwarding stayed behind longer than a hold may last (5 s; joins then go on for 1 s)",
                        h == null ? 0 : h.overrides()),
                totals.offers().snapshot(),
                gauge("gateway_rtc_publishers", "WebRTC publishers (POST /rtc/whip) running now", w == null ? 0 : w.open()),
                counter("gateway_rtc_publishers_started", "WebRTC publishers answered (201) since the publishing component started",
                        w == null ? 0 : w.started()),
                counter("gateway_rtc_publish_packets", "Opus packets received from WebRTC publishers since the publishing component started",
                        w == null ? 0 : w.packets()));
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help).dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
