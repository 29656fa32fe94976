package gateway.callstream.internal;

/** A read names a stream the call never had (or the account does not own). */
final class ForkNotFoundException extends CallStreamException {
    private static final long serialVersionUID = 1L;

    ForkNotFoundException(String streamId) {
        super("stream " + streamId + " not found");
    }
}
