package gateway.srt.internal;

/** Why the ingest refused an SRT caller: the reasons it logs and counts. */
enum CallerRefusal {
    /** No reservation is waiting for a caller (none was made, or it lapsed, or its caller is already live). */
    NO_RESERVATION("no_reservation", "no reservation is waiting for a caller", false),
    /** The caller's stream id names no waiting reservation. */
    UNKNOWN_STREAM_ID("unknown_stream_id", "its stream id is not the event id of a waiting reservation", true),
    /** The caller's passphrase is the token of no waiting reservation. */
    WRONG_PASSPHRASE("wrong_passphrase", "its passphrase is not the token of a waiting reservation", true),
    /** The caller sent no passphrase. */
    MISSING_PASSPHRASE("missing_passphrase", "it sent no passphrase (the reservation's token)", true),
    /** Its reservation lapsed between the handshake and the start of the stream. */
    RESERVATION_LAPSED("reservation_lapsed", "its reservation lapsed while it was connecting", false),
    /** The listener had no room for another connection. */
    LISTENER_FULL("listener_full", "the listener has no room for another connection", false);

    private final String label;
    private final String description;
    private final boolean suspicious;

    CallerRefusal(String label, String description, boolean suspicious) {
        this.label = label;
        this.description = description;
        this.suspicious = suspicious;
    }

    /** @return a stable lower-case name, for metric labels */
    String label() {
        return label;
    }

    /** @return what happened, for the log */
    String description() {
        return description;
    }

    /** @return whether the caller presented wrong credentials (logged as a warning) rather than came at the wrong time */
    boolean suspicious() {
        return suspicious;
    }
}
