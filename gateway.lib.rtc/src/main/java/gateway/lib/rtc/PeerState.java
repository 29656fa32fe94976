package gateway.lib.rtc;

/** Where a peer is in its life. */
public enum PeerState {
    /** Created; no offer or answer applied yet. */
    NEW,
    /** Offer and answer exchanged; ICE checks and the DTLS handshake under way. */
    CONNECTING,
    /** ICE selected a path and DTLS-SRTP keys are in place: media flows. */
    CONNECTED,
    /** Ended; {@link RtcPeer#end()} says why. Terminal. */
    CLOSED
}
