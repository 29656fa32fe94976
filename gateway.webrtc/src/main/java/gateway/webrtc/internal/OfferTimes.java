package gateway.webrtc.internal;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * How long the gateway took to answer WHEP offers, from the resource method's start to the 201 built (reading the
 * offer, the session, its peer and the SDP answer, the attachment to the stream): the Prometheus client's histogram
 * {@code gateway_whep_offer_seconds}, classic buckets only. What the listener sees on top is the HTTP server's and the
 * network's share.
 */
final class OfferTimes {
    private static final double[] BOUNDS_SECONDS = {0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075,
        0.1, 0.25, 0.5, 1};

    private final Histogram histogram = Histogram.builder().name("gateway_whep_offer_seconds").unit(Unit.SECONDS)
            .help("Time the gateway took to answer a WHEP offer (POST /whep/{stream}, 201), in the WHEP resource")
            .classicOnly().classicUpperBounds(BOUNDS_SECONDS).withoutExemplars().build();

    void record(long nanos) {
        histogram.observe(nanos / 1e9);
    }

    HistogramSnapshot snapshot() {
        return histogram.collect();
    }
}
