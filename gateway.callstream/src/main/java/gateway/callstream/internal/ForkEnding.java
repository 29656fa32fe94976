package gateway.callstream.internal;

import java.util.Locale;

/** Why a fork ended: its final state, its status callback, and the label of the ended-streams metric. */
enum ForkEnding {
    /** Stopped by a DELETE. */
    REQUESTED(ForkState.STOPPED),
    /** {@code stream_timeout} ran out. */
    TIMEOUT(ForkState.STOPPED),
    /** The call ended. */
    CALL_ENDED(ForkState.STOPPED),
    /** The gateway's call stream plugin stopped (update, restart, shutdown). */
    PLUGIN_STOPPED(ForkState.STOPPED),
    /** The service could not be reached (after the retries). */
    CONNECT_FAILED(ForkState.DROPPED),
    /** The WebSocket was closed by the service or broke. */
    SOCKET_ENDED(ForkState.DROPPED),
    /** The service read too slowly and the buffer filled up. */
    TOO_SLOW(ForkState.DROPPED);

    final ForkState state;

    ForkEnding(ForkState state) {
        this.state = state;
    }

    /** @return the status callback's event: every stream ends with exactly one StopStream or DroppedStream */
    StatusCallbackEvent callbackEvent() {
        return state == ForkState.STOPPED ? StatusCallbackEvent.STOP_STREAM : StatusCallbackEvent.DROPPED_STREAM;
    }

    /** @return whether queued messages are still sent before the close frame */
    boolean graceful() {
        return state == ForkState.STOPPED;
    }

    /** @return the {@code cause} label value, e.g. {@code too_slow} */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
