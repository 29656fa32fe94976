package gateway.callstream.internal;

/** A stop names a stream that is unknown or has already ended (400, as Plivo answers). */
final class NoActiveStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoActiveStreamException() {
        super("No active stream found");
    }
}
