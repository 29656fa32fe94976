package gateway.api.rooms;

/** An ingress operation that cannot be done; {@link #reason()} says why, the message says what exactly. */
public class IngressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an ingress operation failed. */
    public enum Reason {
        /** No ingress with that id. */
        NOT_FOUND,
        /** A field is missing or wrong (a blank room, an unusable URL). */
        INVALID_ARGUMENT,
        /** The input type is not served (RTMP); the message names what works. */
        UNSUPPORTED,
        /** The gateway holds as many ingresses as it is configured to. */
        TOO_MANY
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message what exactly
     */
    public IngressException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the operation failed */
    public Reason reason() {
        return reason;
    }
}
