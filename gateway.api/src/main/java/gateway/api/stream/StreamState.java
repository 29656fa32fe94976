package gateway.api.stream;

/** Life cycle of a {@link LiveStream}. A stream moves only forward: STARTING → LIVE → ENDED or FAILED. */
public enum StreamState {
    /** Opened; the publisher has not delivered a packet yet. */
    STARTING,
    /** Packets are flowing (or the publisher is connected and may resume). */
    LIVE,
    /** Ended normally (the source closed); {@link LiveStream#reason()} says why. */
    ENDED,
    /** Ended by an error (bad input, timeout, refused peer); {@link LiveStream#reason()} says why. */
    FAILED;

    /** @return {@code true} for {@link #ENDED} and {@link #FAILED} */
    public boolean isTerminal() {
        return this == ENDED || this == FAILED;
    }
}
