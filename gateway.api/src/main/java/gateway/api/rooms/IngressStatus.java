package gateway.api.rooms;

/** Where an ingress's input stands (LiveKit's {@code IngressState.Status}). */
public enum IngressStatus {
    /** Nothing is coming in (waiting for a push, or not started). */
    ENDPOINT_INACTIVE,
    /** The input is connecting or has not delivered its codec headers yet. */
    ENDPOINT_BUFFERING,
    /** The participant is in the room publishing the input's track. */
    ENDPOINT_PUBLISHING,
    /** The input failed; {@link IngressState#error()} says why. */
    ENDPOINT_ERROR,
    /** The input ended normally (the pulled stream ended, or the pusher disconnected). */
    ENDPOINT_COMPLETE
}
