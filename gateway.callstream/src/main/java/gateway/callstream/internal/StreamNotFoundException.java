package gateway.callstream.internal;

/** A read names a stream the call never had (404). */
final class StreamNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamNotFoundException(String streamId) {
        super("stream " + streamId + " not found");
    }
}
