package gateway.api.rooms;

/**
 * An egress started, changed or ended; published on the gateway's event bus (and so on {@code /sse}) with
 * {@link #type()} as the event type, LiveKit's webhook names.
 *
 * @param type   one of the constants below
 * @param egress the egress after the change; never null
 */
public record EgressEvent(String type, EgressInfo egress) {
    /** An egress was started. */
    public static final String EGRESS_STARTED = "egress_started";
    /** An egress's status or outputs changed. */
    public static final String EGRESS_UPDATED = "egress_updated";
    /** An egress ended (complete, failed or aborted). */
    public static final String EGRESS_ENDED = "egress_ended";
}
