package gateway.webrtc.internal;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long the gateway took to answer WHEP offers, from the resource method's start to the 201 built (reading the
 * offer, the session, its peer and the SDP answer, the attachment to the stream): a histogram for
 * {@code gateway_whep_offer_seconds}. What the listener sees on top is the HTTP server's and the network's share.
 * Lock-free.
 */
final class OfferTimes {
    static final double[] BOUNDS_MILLIS = {0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 250, 500, 1000};
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MILLIS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    OfferTimes() {
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    void record(long nanos) {
        double millis = nanos / 1e6;
        int i = 0;
        while (i < BOUNDS_MILLIS.length && millis > BOUNDS_MILLIS[i]) i++;
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    HistogramSnapshot snapshot() {
        double[] bounds = new double[buckets.length];
        long[] counts = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = i < BOUNDS_MILLIS.length ? BOUNDS_MILLIS[i] / 1000.0 : Double.POSITIVE_INFINITY;
            counts[i] = buckets[i].sum(); // per bucket; the exposition makes them cumulative
        }
        return HistogramSnapshot.builder().name("gateway_whep_offer_seconds").unit(Unit.SECONDS)
                .help("Time the gateway took to answer a WHEP offer (POST /whep/{stream}, 201), in the WHEP resource")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sumNanos.sum() / 1e9).build())
                .build();
    }
}
