package gateway.callstream.internal;

/** Why a fork ended, and what that means for its state and its status callback. */
enum ForkEnding {
    /** Stopped by a DELETE. */
    REQUESTED(Fork.State.STOPPED, Fork.STOP_STREAM),
    /** {@code stream_timeout} ran out. */
    TIMEOUT(Fork.State.STOPPED, Fork.STOP_STREAM),
    /** The gateway's call stream plugin stopped (update, restart, shutdown). */
    PLUGIN_STOPPED(Fork.State.STOPPED, Fork.STOP_STREAM),
    /** The call ended; as at Plivo, no status callback. */
    CALL_ENDED(Fork.State.STOPPED, null),
    /** The service could not be reached (after the retries). */
    CONNECT_FAILED(Fork.State.DROPPED, Fork.DROPPED_STREAM),
    /** The WebSocket was closed by the service or broke. */
    SOCKET_ENDED(Fork.State.DROPPED, Fork.DROPPED_STREAM),
    /** The service read too slowly and the buffer filled up. */
    TOO_SLOW(Fork.State.DROPPED, Fork.DROPPED_STREAM);

    final Fork.State state;
    /** The status callback's {@code Event}, or {@code null} for none. */
    final String callbackEvent;

    ForkEnding(Fork.State state, String callbackEvent) {
        this.state = state;
        this.callbackEvent = callbackEvent;
    }

    /** @return whether queued messages are still sent before the close frame */
    boolean graceful() {
        return state == Fork.State.STOPPED;
    }
}
