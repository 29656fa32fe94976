package gateway.srt.internal;

/** The types of the events the SRT ingest publishes on {@code /sse}, as clients see them. */
final class IngestEvents {
    /** The gate's availability changed (a reservation, its lapse, a stream's end): data {@code availability}, as {@code /check}. */
    static final String AVAILABILITY_CHANGED = "availability-changed";
    /** A caller connected with a reservation: data {@code event}, {@code peer}, {@code streamId}. */
    static final String SRT_CONNECTED = "srt-connected";
    /** A caller's stream ended: data {@code event}, {@code stream}, {@code reason}, {@code stats} (the receiving side's SRT statistics). */
    static final String SRT_DISCONNECTED = "srt-disconnected";

    private IngestEvents() {
    }
}
