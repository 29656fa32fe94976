package gateway.api.rooms;

/** An egress operation that cannot be done; {@link #reason()} says why, the message what exactly. */
public class EgressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an egress operation failed. */
    public enum Reason {
        /** No egress with that id. */
        NOT_FOUND,
        /** The request asks for something the gateway does not do (video, a web page, RTMP, a layout). */
        NOT_SUPPORTED,
        /** The request is incomplete or malformed (a missing field, a URL that is not {@code srt://}). */
        INVALID,
        /** The egress has ended already, or is not of a kind the operation applies to. */
        NOT_ACTIVE
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message what exactly, for people
     */
    public EgressException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the operation failed */
    public Reason reason() {
        return reason;
    }
}
