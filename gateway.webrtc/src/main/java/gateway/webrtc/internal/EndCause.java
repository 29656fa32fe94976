package gateway.webrtc.internal;

import gateway.lib.rtc.PeerEnd;

/** Why a WHEP session ended: the {@code cause} of its {@code whep-ended} event and of its metrics. */
enum EndCause {
    /** The listener sent {@code DELETE}. */
    DELETED("deleted"),
    /** The stream ended. */
    STREAM_ENDED("stream-ended"),
    /** The listener stopped its ICE consent checks (RFC 7675): it went away without {@code DELETE}. */
    CONSENT_EXPIRED("consent-expired"),
    /** ICE and DTLS did not complete in time. */
    CONNECT_TIMEOUT("connect-timeout"),
    /** The DTLS handshake failed. */
    DTLS_FAILED("dtls-failed"),
    /** The listener closed DTLS (close_notify). */
    REMOTE_CLOSED("remote-closed"),
    /** The attachment to the stream was closed by the registry, or its session failed. */
    DETACHED("detached"),
    /** The plugin stopped or was reconfigured. */
    STOPPED("stopped");

    private final String wire;

    EndCause(String wire) {
        this.wire = wire;
    }

    /** @return the name in events and metrics */
    String wire() {
        return wire;
    }

    /** @return the cause for a peer's end that this plugin did not ask for */
    static EndCause of(PeerEnd end) {
        return switch (end) {
            case CONSENT_EXPIRED -> CONSENT_EXPIRED;
            case CONNECT_TIMEOUT -> CONNECT_TIMEOUT;
            case DTLS_FAILED -> DTLS_FAILED;
            case REMOTE_CLOSED -> REMOTE_CLOSED;
            case TRANSPORT_CLOSED, CLOSED -> STOPPED;
        };
    }
}
