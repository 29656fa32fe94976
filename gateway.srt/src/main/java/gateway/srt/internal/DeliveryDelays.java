package gateway.srt.internal;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How late something happened to each SRT message after its due time (SRT's TSBPD time, its send time plus the
 * connection's latency), as a histogram: {@link #published()} when the ingest handed its audio to the stream registry
 * (what the SRT side adds beyond the latency the caller and the listener agreed on), {@link #released()} the part of
 * that before the ingest thread: when the SRT listener released it (its delivery tick, its thread's lateness). Counted
 * in fixed buckets (no allocation per message) on the ingest threads.
 */
final class DeliveryDelays {
    /** Upper bounds in microseconds (+Inf after them). */
    private static final long[] BOUNDS_MICROS = {1_000, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000,
            50_000, 100_000, 250_000, 500_000, 1_000_000};
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MICROS.length + 1];
    private final LongAdder sumMicros = new LongAdder();
    private final String name;
    private final String help;

    private DeliveryDelays(String name, String help) {
        this.name = name;
        this.help = help;
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    /** @return the histogram of each message's due time until the ingest published its audio */
    static DeliveryDelays published() {
        return new DeliveryDelays("gateway_srt_delivery_delay_seconds", "From each SRT message's due time (its send time "
                + "plus the connection's latency) until the ingest published its audio into the stream registry");
    }

    /** @return the histogram of each message's due time until the SRT listener released it to the ingest's thread */
    static DeliveryDelays released() {
        return new DeliveryDelays("gateway_srt_release_delay_seconds", "From each SRT message's due time until the SRT "
                + "listener released it to the ingest's thread: the listener's part of gateway_srt_delivery_delay_seconds");
    }

    /** @param nanos how late it happened after the message's due time (negative: early, as at a close) */
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
        return HistogramSnapshot.builder().name(name).unit(Unit.SECONDS).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sumMicros.sum() / 1e6).build())
                .build();
    }
}
