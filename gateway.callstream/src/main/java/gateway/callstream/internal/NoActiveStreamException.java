package gateway.callstream.internal;

/** A stop names a stream that is unknown or has already ended (Plivo's words). */
final class NoActiveStreamException extends CallStreamException {
    private static final long serialVersionUID = 1L;

    NoActiveStreamException() {
        super("No active stream found");
    }
}
