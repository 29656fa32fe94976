package gateway.callstream.internal;

import java.util.Locale;

/** A stream's life cycle, shown lower-case as {@code status} in the API and {@code state} on {@code /sse}. */
enum ForkState {
    /** Dialling the service (the first connection is retried). */
    CONNECTING,
    /** Connected: audio flows. */
    STREAMING,
    /** Ended normally (stopped, timed out, the call ended, the plugin stopped). */
    STOPPED,
    /** Ended by a failure (no connection, the socket closed or broke, the receiver too slow). */
    DROPPED;

    boolean terminal() {
        return this == STOPPED || this == DROPPED;
    }

    /** @return the lower-case name clients see */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
