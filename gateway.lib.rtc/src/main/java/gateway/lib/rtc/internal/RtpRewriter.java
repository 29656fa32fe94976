package gateway.lib.rtc.internal;

/**
 * Maps a source's packet counter and timestamps onto one peer's RTP sequence numbers and timestamps: random
 * starting points, then the source's own steps (so its gaps stay gaps), and at a change of source a continuation
 * from where the peer's stream stood, its timestamp advanced by the time that passed. The receiving decoder thus
 * sees one continuous stream whatever joins, leaves or switches upstream. Not thread-safe: one sending thread.
 */
final class RtpRewriter {
    private boolean started;
    private boolean switching = true;
    private long sequenceOffset;
    private long timestampOffset;
    private long lastInSequence;
    private int sequence;
    private long timestamp;
    private boolean marker;
    /** When the last packet went out (System.nanoTime()), for the next source's timestamp and for sender reports. */
    private volatile long lastSendNanos;
    private volatile long lastTimestamp;

    RtpRewriter(int initialSequence, long initialTimestamp) {
        this.sequence = initialSequence & 0xFFFF;
        this.timestamp = initialTimestamp & 0xFFFFFFFFL;
    }

    /**
     * Maps the next packet of the source.
     *
     * @param inSequence  the source's packet counter
     * @param inTimestamp the source's timestamp in RTP units (48 kHz)
     * @param now         System.nanoTime()
     * @return false when the packet is older than one already sent (a duplicate or reordered packet) and must be dropped
     */
    boolean next(long inSequence, long inTimestamp, long now) {
        if (switching) {
            long outSequence;
            long outTimestamp;
            if (!started) {
                outSequence = sequence;
                outTimestamp = timestamp;
                started = true;
            } else {
                outSequence = sequence + 1;
                // the time since the last packet, at least one 20 ms frame, so the new source's audio plays after the old
                long elapsed = Math.max(960, (now - lastSendNanos) * 48 / 1_000_000);
                outTimestamp = timestamp + elapsed;
            }
            sequenceOffset = outSequence - inSequence;
            timestampOffset = outTimestamp - inTimestamp;
            switching = false;
            marker = true;
        } else {
            if (inSequence <= lastInSequence) return false;
            marker = false;
        }
        lastInSequence = inSequence;
        sequence = (int) ((inSequence + sequenceOffset) & 0xFFFF);
        timestamp = (inTimestamp + timestampOffset) & 0xFFFFFFFFL;
        lastTimestamp = timestamp;
        lastSendNanos = now;
        return true;
    }

    void switchSource() {
        switching = true;
    }

    int sequence() {
        return sequence;
    }

    long timestamp() {
        return timestamp;
    }

    /** @return whether the packet just mapped starts a (new) source: RTP's marker bit for audio (a talkspurt begins) */
    boolean marker() {
        return marker;
    }

    /** @return the RTP timestamp that corresponds to {@code now}, for a sender report; -1 before the first packet */
    long timestampAt(long now) {
        long sent = lastSendNanos;
        if (sent == 0) return -1;
        return (lastTimestamp + (now - sent) * 48 / 1_000_000) & 0xFFFFFFFFL;
    }

    /** Microseconds to 48 kHz RTP units, rounded. */
    static long toRtpUnits(long micros) {
        return Math.floorDiv(micros * 48 + 500, 1000);
    }
}
