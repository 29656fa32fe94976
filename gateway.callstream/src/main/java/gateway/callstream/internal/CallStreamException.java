package gateway.callstream.internal;

/**
 * A request the call stream service refuses. Each kind is its own type; the REST resource turns them into
 * Plivo's status codes and error bodies, so nothing below it knows about HTTP.
 */
abstract sealed class CallStreamException extends RuntimeException
        permits InvalidRequestException, CallNotFoundException, ForkNotFoundException, NoActiveStreamException {
    private static final long serialVersionUID = 1L;

    /** @param message the client's error text */
    CallStreamException(String message) {
        super(message);
    }
}
