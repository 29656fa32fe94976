package gateway.api.stream;

/**
 * Life cycle of a {@link LiveStream}. A stream moves only forward: STARTING → LIVE → ENDED or FAILED.
 * Clients of the HTTP API and of events see the states by their {@linkplain #label() labels}.
 */
public enum StreamState {
    /** Opened; the publisher has not delivered a packet yet. */
    STARTING("starting"),
    /** Packets are flowing (or the publisher is connected and may resume). */
    LIVE("live"),
    /** Ended normally (the source closed); {@link LiveStream#reason()} says why. */
    ENDED("ended"),
    /** Ended by an error (bad input, timeout, refused peer); {@link LiveStream#reason()} says why. */
    FAILED("failed");

    private final String label;

    StreamState(String label) {
        this.label = label;
    }

    /** @return {@code true} for {@link #ENDED} and {@link #FAILED} */
    public boolean isTerminal() {
        return this == ENDED || this == FAILED;
    }

    /**
     * @return the state as clients see it in JSON and events ({@code "starting"}, {@code "live"},
     *         {@code "ended"}, {@code "failed"}); never changes for a state
     * @since 1.2
     */
    public String label() {
        return label;
    }
}
