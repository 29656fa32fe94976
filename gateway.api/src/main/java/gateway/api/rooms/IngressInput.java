package gateway.api.rooms;

/** How an ingress receives its audio (LiveKit's {@code IngressInput}, with SRT added). */
public enum IngressInput {
    /** RTMP push: not served (it carries AAC/H.264 that would have to be transcoded); creating one is refused. */
    RTMP_INPUT,
    /** WHIP push to the ingress's URL with its stream key as bearer token; Opus passes through untouched. */
    WHIP_INPUT,
    /** Pull from a URL: Ogg/Opus over HTTP(S), e.g. an Icecast mount, or from an {@code srt://} listener (the gateway calls it). */
    URL_INPUT,
    /**
     * SRT push (the encoder is the caller) carrying Ogg/Opus, with the stream key as passphrase and the ingress id as stream id.
     * Over LiveKit's protocol it is number 4, which LiveKit reserves for {@code SRT_INPUT}.
     */
    SRT_INPUT
}
