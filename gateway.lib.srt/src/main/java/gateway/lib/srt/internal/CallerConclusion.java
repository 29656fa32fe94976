package gateway.lib.srt.internal;

/**
 * What a caller's conclusion asks for, read from its extensions: its options, stream id and key material.
 *
 * @param options     the caller's HSREQ
 * @param streamId    the stream id, "" when it sent none
 * @param keyMaterial its key material, or null when it does not encrypt
 * @param kmRequest   the KMREQ content as received (echoed as KMRSP), or null
 */
record CallerConclusion(HandshakeOptions options, String streamId, KeyMaterial keyMaterial, byte[] kmRequest) {

    /**
     * @param h a conclusion handshake
     * @return what it asks for, or null when it is not a version 5 live-mode request with well-formed
     *         extensions (to be refused as {@code ROGUE})
     */
    static CallerConclusion read(Handshake h) {
        Handshake.Extension hsreq = h.extension(Handshake.CMD_HSREQ);
        HandshakeOptions options = hsreq == null ? null : HandshakeOptions.parse(hsreq.content());
        if (h.version < 5 || options == null) return null;
        if (options.streamMode()) return null; // file mode: live only
        Handshake.Extension sidExt = h.extension(Handshake.CMD_SID);
        String sid = sidExt == null ? "" : Handshake.decodeStreamId(sidExt.content());
        if (sid == null) return null;
        Handshake.Extension kmExt = h.extension(Handshake.CMD_KMREQ);
        KeyMaterial km = kmExt == null ? null : KeyMaterial.parse(kmExt.content());
        if (kmExt != null && km == null) return null;
        return new CallerConclusion(options, sid, km, kmExt == null ? null : kmExt.content());
    }
}
