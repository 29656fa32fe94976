package gateway.callstream.internal;

/** The request names a call that is not live (and that the account never streamed). */
final class CallNotFoundException extends CallStreamException {
    private static final long serialVersionUID = 1L;

    CallNotFoundException(String callId) {
        super("call " + callId + " not found");
    }
}
