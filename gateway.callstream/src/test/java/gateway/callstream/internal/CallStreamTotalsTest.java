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
        assertEquals(12, b.size());
        assertEquals(0.002, b.getUpperBound(0));
        assertEquals(3, b.getCount(0), "-3 (as 0), 0 and 2 ms: le 2 ms");
        assertEquals(1, b.getCount(1), "3 ms: le 5 ms");
        assertEquals(1, b.getCount(3), "20 ms: le 20 ms");
        assertEquals(1, b.getCount(4), "21 ms: le 30 ms");
        assertEquals(1, b.getCount(10), "2500 ms: le 2.5 s");
        assertEquals(Double.POSITIVE_INFINITY, b.getUpperBound(11));
        assertEquals(2, b.getCount(11), "beyond 2.5 s");
        assertEquals(9, p.getCount());
        assertEquals((0 + 0 + 2 + 3 + 20 + 21 + 2500 + 2501 + 60_000) / 1000.0, p.getSum(), 1e-9);
        assertEquals(4, t.late(), "later than 20 ms");
    }
}
