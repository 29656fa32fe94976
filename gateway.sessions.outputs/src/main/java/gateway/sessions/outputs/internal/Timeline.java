package gateway.sessions.outputs.internal;

/**
 * An output's timeline across its sources: each source's packets are moved by one offset, chosen at the source's first
 * packet so that it follows the last packet relayed (its timestamp plus its duration) without a jump. Within a source
 * the packets keep their own spacing. Not thread-safe: its relay calls it under its lock.
 */
final class Timeline {
    /** A frame's length when a packet does not say (the gateway's Opus frames). */
    static final long DEFAULT_FRAME_MICROS = 20_000;

    private long next;
    private long offset;
    private int source = -1;

    /**
     * @param source          the source's number; a new number starts a new offset
     * @param timestampMicros the packet's timestamp on its source's timeline
     * @param durationMicros  its duration, or 0 if unknown
     * @return its timestamp on the output's timeline
     */
    long place(int source, long timestampMicros, long durationMicros) {
        if (source != this.source) {
            this.source = source;
            offset = next - timestampMicros;
        }
        long at = timestampMicros + offset;
        if (at < next - DEFAULT_FRAME_MICROS * 50) {
            // the source went back in time by more than a second: it restarted its own timeline
            offset = next - timestampMicros;
            at = next;
        }
        next = Math.max(next, at + (durationMicros > 0 ? durationMicros : DEFAULT_FRAME_MICROS));
        return at;
    }
}
