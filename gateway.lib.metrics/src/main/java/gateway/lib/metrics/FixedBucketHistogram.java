package gateway.lib.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of durations in seconds with fixed buckets, counted without allocation and without a lock, for the
 * per-packet paths that time every packet: the Prometheus client's own {@code Histogram.observe} allocates on every
 * call. Durations are given in microseconds; a negative one counts as 0. A plugin keeps one per metric and returns
 * its {@link #snapshot()} from its collector. Thread-safe.
 */
public final class FixedBucketHistogram {
    private final String name;
    private final String help;
    private final long[] boundsMicros;
    private final LongAdder[] buckets;
    private final LongAdder sumMicros = new LongAdder();

    /**
     * @param name         the metric's name, ending in {@code _seconds}
     * @param help         its help text
     * @param boundsMicros the buckets' upper bounds in microseconds, ascending (a last bucket, +Inf, follows them)
     */
    public FixedBucketHistogram(String name, String help, long... boundsMicros) {
        for (int i = 1; i < boundsMicros.length; i++) {
            if (boundsMicros[i] <= boundsMicros[i - 1]) throw new IllegalArgumentException("bounds must ascend: " + java.util.Arrays.toString(boundsMicros));
        }
        this.name = name;
        this.help = help;
        this.boundsMicros = boundsMicros.clone();
        this.buckets = new LongAdder[boundsMicros.length + 1];
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    /** @param micros a duration in microseconds (negative: counted as 0), in the first bucket whose bound it does not exceed */
    public void observeMicros(long micros) {
        long d = Math.max(0, micros);
        int b = 0;
        while (b < boundsMicros.length && d > boundsMicros[b]) b++;
        buckets[b].increment();
        sumMicros.add(d);
    }

    /** @return the counts so far, as a classic histogram in seconds */
    public HistogramSnapshot snapshot() {
        double[] bounds = new double[buckets.length];
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = i < boundsMicros.length ? boundsMicros[i] / 1e6 : Double.POSITIVE_INFINITY;
            counts[i] = buckets[i].sum(); // per bucket; the exposition makes them cumulative
        }
        return HistogramSnapshot.builder().name(name).unit(Unit.SECONDS).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(sumMicros.sum() / 1e6).build())
                .build();
    }
}
