package gateway.api.processing;

/** A processor refuses a configuration or cannot run; the message says why, for people. */
public class ProcessorException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why, for people */
    public ProcessorException(String message) {
        super(message);
    }

    /**
     * @param message why, for people
     * @param cause   the underlying failure
     */
    public ProcessorException(String message, Throwable cause) {
        super(message, cause);
    }
}
