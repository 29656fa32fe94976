package gateway.callstream.internal;

/** A request the API refuses with 400 (a bad parameter, a duplicate stream); the message is the client's error text. */
final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(message);
    }
}
