package gateway.callstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import org.junit.jupiter.api.Test;

class CallStreamTotalsTest {
    @Test
    void delaysLandInTheBucketOfTheirUpperBound() {
        CallStreamTotals t = new CallStreamTotals();
        for (long ms : new long[] {-3, 0, 2, 3, 20, 21, 2500, 2501, 60_000}) t.countSent(Track.INBOUND, 100, ms);
        HistogramSnapshot.HistogramDataPointSnapshot p = t.delay().getDataPoints().get(0);
        ClassicHistogramBuckets b = p.getClassicBuckets();
        assertEquals(19, b.size());
        assertEquals(0.001, b.getUpperBound(0));
        assertEquals(2, b.getCount(0), "-3 (as 0) and 0 ms: le 1 ms");
        assertEquals(1, b.getCount(1), "2 ms: le 2 ms");
        assertEquals(1, b.getCount(2), "3 ms: le 3 ms");
        assertEquals(0.02, b.getUpperBound(6));
        assertEquals(1, b.getCount(6), "20 ms: le 20 ms");
        assertEquals(1, b.getCount(7), "21 ms: le 25 ms");
        assertEquals(0.03, b.getUpperBound(8), "the goal's bound is a bucket bound");
        assertEquals(1, b.getCount(17), "2500 ms: le 2.5 s");
        assertEquals(Double.POSITIVE_INFINITY, b.getUpperBound(18));
        assertEquals(2, b.getCount(18), "beyond 2.5 s");
        assertEquals(9, p.getCount());
        assertEquals((0 + 0 + 2 + 3 + 20 + 21 + 2500 + 2501 + 60_000) / 1000.0, p.getSum(), 1e-9);
        assertEquals(4, t.late(), "later than 20 ms");
    }
}
