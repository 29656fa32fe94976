package gateway.callstream.internal;

import gateway.lib.metrics.FixedBucketHistogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/**
 * What the call streams have done since this plugin started: streams requested and ended (by state and cause),
 * media chunks and bytes sent (by track), chunks late or missing, degraded and rejected-message reports, reply
 * audio played, and the delay each chunk added. A component of its own so that the totals outlive
 * {@link CallStreamService}, which is re-created when its configuration changes: they start at zero only when
 * the plugin does. Lock-free: chunks are counted on the forks' threads.
 */
@Component(service = CallStreamTotals.class, immediate = true)
public final class CallStreamTotals {
    /** A chunk that leaves more than this after its packet reached the gateway is late (one chunk's duration). */
    static final long LATE_MILLIS = MediaFormat.CHUNK_MILLIS;

    private final LongAdder requested = new LongAdder();
    private final AtomicLongArray ended = new AtomicLongArray(ForkEnding.values().length);
    private final LongAdder[] chunks = {new LongAdder(), new LongAdder()};
    private final LongAdder[] bytes = {new LongAdder(), new LongAdder()};
    private final LongAdder late = new LongAdder();
    private final LongAdder missing = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder decodeErrors = new LongAdder();
    private final LongAdder played = new LongAdder();
    /** The delay each chunk added: from its packet's arrival at the gateway to the send of its chunk completing. */
    private final FixedBucketHistogram delay = new FixedBucketHistogram("gateway_callstream_chunk_delay_seconds",
            "Time from a packet reaching the gateway to the WebSocket send of its chunk completing",
            1_000, 2_000, 3_000, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 75_000, 100_000, 150_000,
            250_000, 500_000, 1_000_000, 2_500_000);

    void countRequested() {
        requested.increment();
    }

    void countEnded(ForkEnding ending) {
        ended.incrementAndGet(ending.ordinal());
    }

    /**
     * A media chunk has been sent.
     *
     * @param bytesSent its text frame's length
     * @param delayMillis from its packet's arrival at the gateway to now
     */
    void countSent(Track track, int bytesSent, long delayMillis) {
        int t = track == Track.OUTBOUND ? 1 : 0;
        chunks[t].increment();
        bytes[t].add(bytesSent);
        if (delayMillis > LATE_MILLIS) late.increment();
        delay.observeMicros(delayMillis * 1000);
    }

    /** Chunks a fork never sent: its attachment queue dropped packets, it fell behind the shared decode, or its buffer was full. */
    void countMissing(long n) {
        if (n > 0) missing.add(n);
    }

    void countDegraded() {
        degraded.increment();
    }

    void countRejected() {
        rejected.increment();
    }

    void countDecodeError() {
        decodeErrors.increment();
    }

    /** 20 ms of a service's playAudio audio went into a reply stream. */
    void countPlayed() {
        played.increment();
    }

    long requested() {
        return requested.sum();
    }

    long ended(ForkEnding ending) {
        return ended.get(ending.ordinal());
    }

    long chunks(Track track) {
        return chunks[track == Track.OUTBOUND ? 1 : 0].sum();
    }

    long bytes(Track track) {
        return bytes[track == Track.OUTBOUND ? 1 : 0].sum();
    }

    long late() {
        return late.sum();
    }

    long missing() {
        return missing.sum();
    }

    long degraded() {
        return degraded.sum();
    }

    long rejected() {
        return rejected.sum();
    }

    long decodeErrors() {
        return decodeErrors.sum();
    }

    long played() {
        return played.sum();
    }

    HistogramSnapshot delay() {
        return delay.snapshot();
    }
}
