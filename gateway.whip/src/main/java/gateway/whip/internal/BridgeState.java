package gateway.whip.internal;

/** A bridge's state as {@code GET /whip} and the {@code whip-ended} event show it ({@link #wire()}). */
enum BridgeState {
    /** Requested; no publisher connected yet. */
    WAITING("waiting"),
    /** The publisher's WebRTC connection is up. */
    CONNECTED("connected"),
    /** Ended normally (DELETE, no media, plugin stopped). */
    ENDED("ended"),
    /** Ended by an error. */
    FAILED("failed");

    private final String wire;

    BridgeState(String wire) {
        this.wire = wire;
    }

    /** @return the name clients see */
    String wire() {
        return wire;
    }
}
