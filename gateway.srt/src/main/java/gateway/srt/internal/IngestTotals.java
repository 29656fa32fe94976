package gateway.srt.internal;

import gateway.lib.metrics.FixedBucketHistogram;
import gateway.lib.srt.SrtConnection;
import gateway.lib.srt.SrtReceiverStats;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;

/**
 * What the SRT ingest has seen since this plugin started: callers connected and refused, what they sent
 * (the receiving side's counters of open and closed connections), how late their audio was published,
 * reservations that lapsed, malformed datagrams. A component of its own so that the totals outlive the
 * {@link SrtIngest} component, which is re-created whenever its configuration or the HTTP address changes: they
 * start at zero only when the plugin does. Thread-safe; the connection totals under this object's lock, taken once
 * when a connection opens and closes and once per read.
 */
@Component(service = IngestTotals.class, immediate = true)
public final class IngestTotals {

    /**
     * The receiving side's figures over every connection since the plugin started.
     *
     * @param connections          connections open now
     * @param packetsReceived      data packets received, retransmissions included
     * @param bytesReceived        their payload bytes
     * @param packetsLost          sequence numbers found missing on arrival
     * @param packetsRetransmitted retransmitted packets received
     * @param packetsDropped       packets given up on (too late for their delivery time, and the like)
     * @param keyRefreshes         stream keys the callers announced during their connections
     * @param maxRttMicros         the largest smoothed round-trip time of the open connections; 0 when none is open
     */
    record Receiving(int connections, long packetsReceived, long bytesReceived, long packetsLost, long packetsRetransmitted,
                     long packetsDropped, long keyRefreshes, long maxRttMicros) {}

    private final CallerRefusals refusals = new CallerRefusals();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong lapsed = new AtomicLong();
    /** Buckets of both delay histograms, in microseconds. */
    private static final long[] DELAY_BOUNDS_MICROS = {1_000, 2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 25_000, 30_000,
            50_000, 100_000, 250_000, 500_000, 1_000_000};
    private final FixedBucketHistogram deliveryDelays = new FixedBucketHistogram("gateway_srt_delivery_delay_seconds",
            "From each SRT message's due time (its send time plus the connection's latency) until the ingest published its "
                    + "audio into the stream registry", DELAY_BOUNDS_MICROS);
    private final FixedBucketHistogram releaseDelays = new FixedBucketHistogram("gateway_srt_release_delay_seconds",
            "From each SRT message's due time until the SRT listener released it to the ingest's thread: the listener's "
                    + "part of gateway_srt_delivery_delay_seconds", DELAY_BOUNDS_MICROS);
    private final Set<SrtConnection> open = new LinkedHashSet<>();
    /** Sums of the connections that have closed. */
    private long packets, bytes, lost, retransmitted, dropped, keyRefreshes;
    /** Malformed datagrams of listeners that have closed, and the open listener's own count. */
    private long malformedBefore;
    private LongSupplier malformedNow = () -> 0;

    /** @return where refused callers are counted and logged */
    CallerRefusals refusals() {
        return refusals;
    }

    /** @param c a caller that was admitted: its stream starts */
    synchronized void connected(SrtConnection c) {
        accepted.incrementAndGet();
        open.add(c);
    }

    /** @param c an admitted caller's connection, closed: its final counters join the totals */
    synchronized void disconnected(SrtConnection c) {
        if (!open.remove(c)) return;
        SrtReceiverStats s = c.stats();
        packets += s.packetsReceived();
        bytes += s.bytesReceived();
        lost += s.packetsLost();
        retransmitted += s.packetsRetransmitted();
        dropped += s.packetsDropped();
        keyRefreshes += s.keyRefreshes();
    }

    /** @return callers admitted since the plugin started */
    long accepted() {
        return accepted.get();
    }

    /** @return the figures now: closed connections' final counters plus the open ones' current counters */
    synchronized Receiving receiving() {
        long p = packets, b = bytes, l = lost, r = retransmitted, d = dropped, k = keyRefreshes, rtt = 0;
        for (SrtConnection c : open) {
            SrtReceiverStats s = c.stats();
            p += s.packetsReceived();
            b += s.bytesReceived();
            l += s.packetsLost();
            r += s.packetsRetransmitted();
            d += s.packetsDropped();
            k += s.keyRefreshes();
            rtt = Math.max(rtt, s.rttMicros());
        }
        return new Receiving(open.size(), p, b, l, r, d, k, rtt);
    }

    /** @return how late the ingest published each message's audio after its due time (lock-free; the ingest threads count) */
    FixedBucketHistogram deliveryDelays() {
        return deliveryDelays;
    }

    /** @return how late the SRT listener released each message to the ingest after its due time (lock-free, likewise) */
    FixedBucketHistogram releaseDelays() {
        return releaseDelays;
    }

    /** @param n reservations that lapsed unused */
    void lapsed(int n) {
        lapsed.addAndGet(n);
    }

    /** @return reservations that lapsed unused since the plugin started */
    long lapsed() {
        return lapsed.get();
    }

    /** @param malformed the count of the listener that opened now (it replaces none, or one that has closed) */
    synchronized void listening(LongSupplier malformed) {
        malformedNow = malformed;
    }

    /** The listener closed: its count is kept. */
    synchronized void stoppedListening() {
        malformedBefore += malformedNow.getAsLong();
        malformedNow = () -> 0;
    }

    /** @return datagrams the listeners dropped as malformed or addressed to no connection */
    synchronized long malformedDatagrams() {
        return malformedBefore + malformedNow.getAsLong();
    }
}
