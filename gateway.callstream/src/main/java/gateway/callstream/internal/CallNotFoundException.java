package gateway.callstream.internal;

/** The request names a call that is not live (404). */
final class CallNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallNotFoundException(String callId) {
        super("call " + callId + " not found");
    }
}
