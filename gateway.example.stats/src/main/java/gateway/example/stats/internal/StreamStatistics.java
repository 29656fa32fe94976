package gateway.example.stats.internal;

import gateway.api.stream.MediaPacket;

/**
 * Running statistics of one stream: packets, bytes, bitrate over a sliding window, and gaps in the
 * packet timeline. Updated by one thread (the media session's), read by any.
 */
final class StreamStatistics {
    /** A jump of more than this many frame durations in the timeline counts as a gap. */
    static final double GAP_FACTOR = 1.5;
    static final long WINDOW_MICROS = 5_000_000;

    private final String streamId;
    private final String origin;
    private volatile long packets;
    private volatile long bytes;
    private volatile long gaps;
    private volatile long gapMicros;
    private volatile double bitrate;
    private volatile long lastTimestamp = -1;
    private long windowStart = -1;
    private long windowBytes;

    StreamStatistics(String streamId, String origin) {
        this.streamId = streamId;
        this.origin = origin;
    }

    /**
     * Adds a packet.
     *
     * @return the length of the gap before it in microseconds, or 0
     */
    long add(MediaPacket p) {
        long gap = 0;
        if (lastTimestamp >= 0 && p.durationMicros() > 0) {
            long expected = lastTimestamp + p.durationMicros();
            long jump = p.timestampMicros() - lastTimestamp;
            if (jump > p.durationMicros() * GAP_FACTOR) {
                gap = p.timestampMicros() - expected;
                gaps++;
                gapMicros += gap;
            }
        }
        lastTimestamp = p.timestampMicros();
        packets++;
        bytes += p.size();
        if (windowStart < 0) windowStart = p.timestampMicros();
        windowBytes += p.size();
        long span = p.timestampMicros() + p.durationMicros() - windowStart;
        if (span >= WINDOW_MICROS) {
            bitrate = windowBytes * 8.0 * 1_000_000 / span;
            windowStart = p.timestampMicros() + p.durationMicros();
            windowBytes = 0;
        }
        return gap;
    }

    StatsView view(boolean live) {
        return new StatsView(streamId, origin, live, packets, bytes, Math.round(bitrate), gaps, gapMicros / 1000);
    }

    /**
     * Statistics of one stream as {@code GET /stats} shows them.
     *
     * @param stream      stream id
     * @param origin      producing plugin
     * @param live        whether the stream is still attached
     * @param packets     packets seen
     * @param bytes       payload bytes seen
     * @param bitrate     payload bits per second over the last complete 5 s window
     * @param gaps        discontinuities in the packet timeline
     * @param gapMillis   total length of those gaps in milliseconds
     */
    record StatsView(String stream, String origin, boolean live, long packets, long bytes, long bitrate, long gaps, long gapMillis) {
    }
}
