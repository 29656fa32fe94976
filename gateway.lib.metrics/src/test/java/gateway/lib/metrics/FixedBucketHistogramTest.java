package gateway.lib.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import org.junit.jupiter.api.Test;

class FixedBucketHistogramTest {
    @Test
    void aDurationLandsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        FixedBucketHistogram h = new FixedBucketHistogram("test_delay_seconds", "a test", 1_000, 5_000);
        for (long micros : new long[] {-7, 1_000, 1_001, 5_000, 5_001}) h.observeMicros(micros);
        HistogramSnapshot s = h.snapshot();
        assertEquals("test_delay_seconds", s.getMetadata().getPrometheusName());
        HistogramSnapshot.HistogramDataPointSnapshot p = s.getDataPoints().get(0);
        ClassicHistogramBuckets b = p.getClassicBuckets();
        assertEquals(3, b.size());
        assertEquals(0.001, b.getUpperBound(0));
        assertEquals(2, b.getCount(0), "-7 µs (as 0) and 1 ms");
        assertEquals(0.005, b.getUpperBound(1));
        assertEquals(2, b.getCount(1));
        assertEquals(Double.POSITIVE_INFINITY, b.getUpperBound(2));
        assertEquals(1, b.getCount(2));
        assertEquals(5, p.getCount());
        assertEquals((0 + 1_000 + 1_001 + 5_000 + 5_001) / 1e6, p.getSum(), 1e-12);
    }

    @Test
    void boundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new FixedBucketHistogram("x_seconds", "x", 5_000, 1_000));
    }
}
