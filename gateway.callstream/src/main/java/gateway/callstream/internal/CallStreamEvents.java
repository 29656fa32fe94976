package gateway.callstream.internal;

/** The event types this plugin publishes on {@code /sse}. */
final class CallStreamEvents {
    /** A start request was accepted; the gateway is dialling the service. */
    static final String REQUESTED = "callstream-requested";
    /** Connected: {@code start} sent, audio flows. */
    static final String STARTED = "callstream-started";
    /** The service reads too slowly (30/60/90 % of the buffer). */
    static final String DEGRADED = "callstream-degraded";
    /** A message from the service was ignored, with the reason. */
    static final String MESSAGE_REJECTED = "callstream-message-rejected";
    /** The stream ended (state, callback event, reason). */
    static final String ENDED = "callstream-ended";

    private CallStreamEvents() {
    }
}
