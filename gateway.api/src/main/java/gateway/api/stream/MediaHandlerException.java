package gateway.api.stream;

/** Thrown by {@link MediaHandler#attach} when a handler cannot take a stream, and passed on by the registry. */
public class MediaHandlerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public MediaHandlerException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause   the underlying error
     */
    public MediaHandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}
