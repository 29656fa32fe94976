package gateway.sessions.internal;

/** A control message that cannot be carried out; {@link #code} is the {@code error} message's code. */
final class TaskException extends Exception {
    private static final long serialVersionUID = 1L;
    static final String NOT_FOUND = "NOT_FOUND", VALIDATION_ERROR = "VALIDATION_ERROR", RATE_LIMITED = "RATE_LIMITED",
            FORBIDDEN = "FORBIDDEN", PROCESSOR_FAILED = "PROCESSOR_FAILED", SESSION_ENDED = "SESSION_ENDED";

    final String code;

    TaskException(String code, String desc) {
        super(desc);
        this.code = code;
    }
}
