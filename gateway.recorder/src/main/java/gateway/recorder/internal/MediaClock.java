package gateway.recorder.internal;

import java.util.function.LongSupplier;

/**
 * The wall-clock time of packets by the stream's own timeline, so that segment boundaries fall at exact media
 * positions however late a busy machine processes the packets. Anchored at the first packet; re-anchored if the
 * timeline jumps (a chained stream restarting its timestamps) or drifts more than {@value #MAX_DRIFT_MILLIS} ms
 * from the wall clock.
 */
final class MediaClock {
    static final long MAX_DRIFT_MILLIS = 10_000;

    private final LongSupplier wallMillis;
    private long anchorWallMillis = Long.MIN_VALUE;
    private long anchorMicros;

    /** @param wallMillis the wall clock, in milliseconds since the epoch */
    MediaClock(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /**
     * @param timestampMicros a packet's timestamp
     * @return its time on the wall clock, in milliseconds since the epoch
     */
    long wallMillis(long timestampMicros) {
        long now = wallMillis.getAsLong();
        long t = anchorWallMillis + (timestampMicros - anchorMicros) / 1000;
        if (anchorWallMillis == Long.MIN_VALUE || Math.abs(t - now) > MAX_DRIFT_MILLIS) {
            anchorWallMillis = now;
            anchorMicros = timestampMicros;
            t = now;
        }
        return t;
    }
}
