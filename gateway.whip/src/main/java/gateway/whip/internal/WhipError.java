package gateway.whip.internal;

/**
 * Why the WHIP bridge refuses a request, independent of the transport that carries it. The HTTP edges
 * ({@link StreamResource}, {@link WhipResource}, {@link WhipServer}) map each one to a status code through
 * {@link WhipProblem#of}, the one table for both ports.
 */
enum WhipError {
    /** Every port of the pool carries a bridge. */
    POOL_EXHAUSTED,
    /** The requested SRT host name has no address. */
    SRT_HOST_UNKNOWN,
    /** The name service did not answer for the SRT host in time. */
    SRT_HOST_LOOKUP_TIMEOUT,
    /** No bridge has this id. */
    BRIDGE_NOT_FOUND,
    /** The bridge has ended (its reason is in the detail). */
    BRIDGE_ENDED,
    /** The bridge has no session with this id. */
    SESSION_NOT_FOUND,
    /** The bridge already has a publisher: one per bridge. */
    PUBLISHER_PRESENT,
    /** The bearer token is missing or wrong. */
    UNAUTHORIZED,
    /** An offer came with another content type than {@code application/sdp}. */
    OFFER_CONTENT_TYPE,
    /** A trickle ICE fragment came with another content type than {@code application/trickle-ice-sdpfrag}. */
    FRAGMENT_CONTENT_TYPE,
    /** The offer is not SDP, has no audio, or its audio has no Opus; or WebRTC refused it. */
    OFFER_UNACCEPTABLE,
    /** The trickle ICE fragment is malformed. */
    FRAGMENT_UNACCEPTABLE,
    /** {@code If-Match} names another session's entity tag. */
    ETAG_MISMATCH,
    /** The fragment asks for an ICE restart, which this endpoint does not do. */
    ICE_RESTART_UNSUPPORTED,
    /** WebRTC cannot run on this machine, or the plugin is stopping. */
    WEBRTC_UNAVAILABLE,
    /** A step of answering the offer took longer than the negotiation timeout. */
    WEBRTC_TIMEOUT,
    /** WebRTC failed in a step that does not depend on the offer (gathering candidates). */
    WEBRTC_FAILED
}
