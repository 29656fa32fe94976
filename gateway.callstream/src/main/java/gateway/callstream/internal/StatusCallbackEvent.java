package gateway.callstream.internal;

/** The {@code Event} values of the status callbacks, as Plivo names them (plus the gateway's {@link #STREAM_ERROR}). */
enum StatusCallbackEvent {
    /** Connected: {@code start} sent, audio flows. */
    START_STREAM("StartStream"),
    /** Ended normally: stopped by request, {@code stream_timeout}, the call ended, or the plugin stopped. */
    STOP_STREAM("StopStream"),
    /** Could not connect (after the retries), the socket closed or broke, or the receiver was too slow. */
    DROPPED_STREAM("DroppedStream"),
    /** The receiver reads too slowly: 30, 60 or 90 % of the buffer is full. */
    DEGRADED_STREAM("DegradedStream"),
    /**
     * The gateway's addition: a message from the service was ignored (unknown event, bad base64, wrong rate);
     * {@code Error} says why and the stream goes on. Clients that know only Plivo's four events skip it.
     */
    STREAM_ERROR("StreamError");

    private final String wire;

    StatusCallbackEvent(String wire) {
        this.wire = wire;
    }

    /** @return the {@code Event} value, e.g. {@code StartStream} */
    String wire() {
        return wire;
    }
}
