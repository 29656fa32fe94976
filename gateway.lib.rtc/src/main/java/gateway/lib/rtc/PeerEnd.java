package gateway.lib.rtc;

/** Why a peer ended. Clients see these as named causes (e.g. in events); never parse the detail text instead. */
public enum PeerEnd {
    /** The application closed it ({@link RtcPeer#close()}). */
    CLOSED("closed"),
    /** ICE and DTLS did not complete within the connect timeout. */
    CONNECT_TIMEOUT("connect-timeout"),
    /** The remote party stopped sending ICE consent requests (RFC 7675): it vanished. */
    CONSENT_EXPIRED("consent-expired"),
    /** The DTLS handshake failed (a wrong certificate fingerprint, no common SRTP profile, a protocol error). */
    DTLS_FAILED("dtls-failed"),
    /** The remote party closed DTLS (close_notify) or sent a fatal alert. */
    REMOTE_CLOSED("remote-closed"),
    /** The transport closed (e.g. the plugin that opened it stopped). */
    TRANSPORT_CLOSED("transport-closed");

    private final String label;

    PeerEnd(String label) {
        this.label = label;
    }

    /** @return the cause as clients see it, e.g. {@code consent-expired} */
    public String label() {
        return label;
    }
}
