package gateway.callstream.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import gateway.lib.opus.OpusPcmDecoder;
import gateway.lib.opus.PcmResampler;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The call streams' metrics on {@code GET /metrics}: streams by state and format now, requested and ended (by
 * state and cause), chunks and bytes sent per track, chunks late or missing, degraded and rejected-message
 * reports, reply audio played, the delay chunks add, and which Opus decoder and resampler are in use. The totals
 * come from {@link CallStreamTotals}; the streams now from the service running now (none while it restarts).
 */
@Component(service = MultiCollector.class)
public final class CallStreamMetrics implements MultiCollector {
    private static final List<ForkState> RUNNING = List.of(ForkState.CONNECTING, ForkState.STREAMING);

    private final CallStreamTotals totals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CallStreamService service;

    @Activate
    public CallStreamMetrics(@Reference CallStreamTotals totals) {
        this.totals = totals;
    }

    @Override
    public MetricSnapshots collect() {
        CallStreamService s = service;
        Map<ForkState, Map<MediaFormat, Integer>> now = s == null ? Map.of() : s.countByStateAndFormat();
        GaugeSnapshot.Builder streams = GaugeSnapshot.builder().name("gateway_callstream_streams")
                .help("Call streams that have not ended, by state (connecting, streaming) and payload format");
        for (ForkState state : RUNNING) {
            for (MediaFormat f : MediaFormat.values()) {
                streams.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("state", state.wire(), "format", f.contentType()))
                        .value(now.getOrDefault(state, Map.of()).getOrDefault(f, 0)).build());
            }
        }
        CounterSnapshot.Builder ended = CounterSnapshot.builder().name("gateway_callstream_streams_ended")
                .help("Call streams that ended, by final state (stopped, dropped) and cause");
        for (ForkEnding e : ForkEnding.values()) {
            ended.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("state", e.state.wire(), "cause", e.label()))
                    .value(totals.ended(e)).build());
        }
        CounterSnapshot.Builder chunks = CounterSnapshot.builder().name("gateway_callstream_sent_chunks")
                .help("20 ms media chunks sent to the services, by track");
        CounterSnapshot.Builder bytes = CounterSnapshot.builder().name("gateway_callstream_sent_bytes").unit(Unit.BYTES)
                .help("Bytes of the media messages sent to the services (JSON text), by track");
        for (Track t : List.of(Track.INBOUND, Track.OUTBOUND)) {
            chunks.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("track", t.wire())).value(totals.chunks(t)).build());
            bytes.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("track", t.wire())).value(totals.bytes(t)).build());
        }
        return MetricSnapshots.of(
                streams.build(),
                counter("gateway_callstream_streams_requested", "Call streams requested (POST …/Stream/ answered 201)", totals.requested()),
                ended.build(),
                chunks.build(),
                bytes.build(),
                counter("gateway_callstream_late_chunks", "Media chunks sent more than 20 ms after their packet reached the gateway", totals.late()),
                counter("gateway_callstream_missing_chunks", "Media chunks never sent: packets a stream's queue dropped, audio it fell too far "
                        + "behind to get, or chunks its full buffer refused", totals.missing()),
                counter("gateway_callstream_degraded", "DegradedStream reports: a service read too slowly (30, 60, 90 % of its buffer)", totals.degraded()),
                counter("gateway_callstream_rejected_messages", "Messages from services that were ignored (unknown event, bad base64, wrong rate)",
                        totals.rejected()),
                counter("gateway_callstream_decode_errors", "Opus packets of calls that could not be decoded (concealed instead)", totals.decodeErrors()),
                counter("gateway_callstream_played_frames", "20 ms frames of playAudio audio played into reply streams", totals.played()),
                totals.delay(),
                InfoSnapshot.builder().name("gateway_callstream_codec").help("The Opus decoder and the resampler the call streams use")
                        .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of(
                                "decoder", OpusPcmDecoder.nativeLibrary().implementation(),
                                "resampler", PcmResampler.nativeLibrary().implementation())).build()).build());
    }

    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
