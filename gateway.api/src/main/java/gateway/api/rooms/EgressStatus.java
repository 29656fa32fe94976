package gateway.api.rooms;

/** Where an egress is, with LiveKit's names ({@code EgressStatus}). */
public enum EgressStatus {
    /** Accepted; its source and outputs are being set up. */
    EGRESS_STARTING,
    /** Audio flows to its outputs. */
    EGRESS_ACTIVE,
    /** Stopping: its outputs are being finished. */
    EGRESS_ENDING,
    /** Ended normally; its outputs are finished. */
    EGRESS_COMPLETE,
    /** Ended by a failure; {@link EgressInfo#error()} says which. */
    EGRESS_FAILED,
    /** Ended before it became active (its source went away while starting). */
    EGRESS_ABORTED;

    /** @return whether the egress is still running (starting, active or ending) */
    public boolean active() {
        return this == EGRESS_STARTING || this == EGRESS_ACTIVE || this == EGRESS_ENDING;
    }
}
