package gateway.callstream.internal;

/** A bad parameter, or a second stream to the same URL (or a second bidirectional one) on a call; the message names it. */
final class InvalidRequestException extends CallStreamException {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(message);
    }
}
