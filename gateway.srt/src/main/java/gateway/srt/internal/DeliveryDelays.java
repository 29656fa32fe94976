package gateway.srt.internal;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How late the ingest handed each SRT message's audio to the stream registry: from the message's due time (SRT's
 * TSBPD time, its send time plus the connection's latency) to the moment its Opus packets were published. What the
 * SRT side adds beyond the latency the caller and the listener agreed on: the listener's delivery tick and the
 * ingest thread's wake-up. Counted in fixed buckets (no allocation per message) on the ingest threads.
 */
final class DeliveryDelays {
    /** Upper bounds in microseconds (+Inf after them). */
    private static final long[] BOUNDS_MICROS = {1_000, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000,
            50_000, 100_000, 250_000, 500_000, 1_000_000};
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder sumMicros = new LongAdder();

    DeliveryDelays() {
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    /** @param nanos how late a message was published after its due time (negative: early, as at a close) */
    void count(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        int b = 0;
        while (b < BOUNDS_MICROS.length && micros > BOUNDS_MICROS[b]) b++;
        buckets[b].increment();
        sumMicros.add(micros);
    }

    HistogramSnapshot snapshot() {
        double[] bounds = new double[BOUNDS_MICROS.length + 1];
        long[] counts = new long[buckets.length];
        for (int i = 0; i < BOUNDS_MICROS.length; i++) bounds[i] = BOUNDS_MICROS[i] / 1e6;
        bounds[BOUNDS_MICROS.length] = Double.POSITIVE_INFINITY;
        for (int i = 0; i < buckets.length; i++) counts[i] = buckets[i].sum();
        return HistogramSnapshot.builder().name("gateway_srt_delivery_delay_seconds").unit(Unit.SECONDS)
                .help("From each SRT message's due time (its send time plus the connection's latency) until the ingest "
                        + "published its audio into the stream registry")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sumMicros.sum() / 1e6).build())
                .build();
    }
}
