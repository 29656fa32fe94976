package gateway.whip.internal;

/**
 * Why a bridge ended, as clients see it: {@link #wire()} is the {@code cause} of the {@code whip-ended}
 * event and of {@code GET /whip}, and decides its {@code state} ({@code ended} or {@code failed}). The
 * free-text {@code reason} beside it is for people.
 */
enum EndCause {
    /** The publisher sent DELETE for its session. */
    PUBLISHER_ENDED("publisher-ended", false),
    /** No RTP arrived for the watchdog's time (also when nobody ever connected). */
    NO_MEDIA("no-media", false),
    /** The plugin stopped (bundle stopped, updated or removed, or the gateway shuts down). */
    PLUGIN_STOPPED("plugin-stopped", false),
    /** The plugin restarts with a new configuration or a new HTTP address. */
    RECONFIGURED("reconfigured", false),
    /** ICE or DTLS failed, or the peer closed the WebRTC connection. */
    WEBRTC_FAILED("webrtc-failed", true),
    /** The SRT target's host name has no address. */
    SRT_UNRESOLVED("srt-unresolved", true),
    /** Nothing answered at the SRT target within the connect timeout, or the network refused. */
    SRT_UNREACHABLE("srt-unreachable", true),
    /** The SRT listener rejected the connection (passphrase, stream id, ...). */
    SRT_REFUSED("srt-refused", true),
    /** The SRT connection closed or timed out while the bridge was sending. */
    SRT_CLOSED("srt-closed", true),
    /** WebRTC delivered audio the encoder cannot take. */
    AUDIO_UNSUPPORTED("audio-unsupported", true),
    /** An unexpected error in the gateway (logged with its stack trace). */
    INTERNAL_ERROR("internal-error", true);

    private final String wire;
    private final boolean failure;

    EndCause(String wire, boolean failure) {
        this.wire = wire;
        this.failure = failure;
    }

    /** @return the name clients see, kebab-case */
    String wire() {
        return wire;
    }

    /** @return whether the bridge ended with an error ({@code state} {@code failed}) */
    boolean failure() {
        return failure;
    }

    /** @return the {@code state} clients see: {@code failed} or {@code ended} */
    String state() {
        return failure ? BridgeState.FAILED.wire() : BridgeState.ENDED.wire();
    }
}
