package gateway.recorder.internal;

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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The recorder's metrics on {@code GET /metrics}: recordings in progress by mode, files finished by state, bytes
 * and packets written, the finished recordings' bytes in the index, deletions by cause and write failures by
 * kind. The totals come from {@link RecorderTotals}, which outlives a re-creation of the {@link Recorder}; what
 * is in progress and stored from the recorder running now (nothing while it restarts). Reads counts kept anyway,
 * without any session's lock.
 */
@Component(service = MultiCollector.class)
public final class RecorderMetrics implements MultiCollector {
    /** The final states of a file. */
    private static final List<RecordingState> FINAL = List.of(RecordingState.COMPLETE, RecordingState.INTERRUPTED, RecordingState.FAILED);

    private final RecorderTotals totals;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Recorder recorder;

    @Activate
    public RecorderMetrics(@Reference RecorderTotals totals) {
        this.totals = totals;
    }

    @Override
    public MetricSnapshots collect() {
        Recorder r = recorder;
        GaugeSnapshot.Builder inProgress = GaugeSnapshot.builder().name("gateway_recorder_recordings")
                .help("Recordings in progress, by mode: auto (the stream asked for it) or request (POST /recordings)");
        Map<RecordingMode, Integer> byMode = r == null ? Map.of() : r.inProgress();
        for (RecordingMode m : RecordingMode.values()) {
            inProgress.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("mode", m.wire()))
                    .value(byMode.getOrDefault(m, 0)).build());
        }
        CounterSnapshot.Builder finished = CounterSnapshot.builder().name("gateway_recorder_recordings_finished")
                .help("Recording files finished, by final state (a segmented recording finishes one file per segment)");
        for (RecordingState s : FINAL) finished.dataPoint(point(totals.finished(s), "state", s.wire()));
        CounterSnapshot.Builder deleted = CounterSnapshot.builder().name("gateway_recorder_deleted")
                .help("Recordings deleted, by cause: request (DELETE /recordings/{id}), or retention's max_age or max_total_size");
        for (RecorderTotals.DeletionCause c : RecorderTotals.DeletionCause.values()) deleted.dataPoint(point(totals.deleted(c), "cause", c.label()));
        CounterSnapshot.Builder failures = CounterSnapshot.builder().name("gateway_recorder_write_failures")
                .help("Recordings that failed, by kind: storage_full (disk or quota), io, invalid_stream, internal");
        for (RecorderTotals.WriteFailure k : RecorderTotals.WriteFailure.values()) failures.dataPoint(point(totals.failures(k), "kind", k.label()));
        return MetricSnapshots.of(
                inProgress.build(),
                finished.build(),
                CounterSnapshot.builder().name("gateway_recorder_written_bytes").unit(Unit.BYTES)
                        .help("Bytes written into recording files").dataPoint(point(totals.bytesWritten())).build(),
                CounterSnapshot.builder().name("gateway_recorder_written_packets")
                        .help("Opus packets written into recording files").dataPoint(point(totals.packetsWritten())).build(),
                GaugeSnapshot.builder().name("gateway_recorder_stored_bytes").unit(Unit.BYTES)
                        .help("Bytes of the finished recordings in the index (0 while the recorder restarts)")
                        .dataPoint(GaugeDataPointSnapshot.builder().value(r == null ? 0 : r.storedBytes()).build()).build(),
                deleted.build(),
                failures.build());
    }

    private static CounterDataPointSnapshot point(double value, String... labels) {
        return CounterDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }
}
