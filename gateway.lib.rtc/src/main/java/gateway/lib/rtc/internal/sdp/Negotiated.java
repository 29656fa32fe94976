package gateway.lib.rtc.internal.sdp;

import java.util.List;

/**
 * The outcome of an offer/answer exchange: what both sides agreed on for the one audio section, and what this
 * side needs to know of the remote party to connect.
 *
 * @param mid                 the audio section's mid ({@code null} when the remote SDP has none)
 * @param payloadType         the Opus payload type
 * @param remoteUfrag         the remote ICE username fragment
 * @param remotePwd           the remote ICE password
 * @param remoteFingerprints  the fingerprints the remote certificate must match one of
 * @param dtlsClient          whether this side is the DTLS client ({@code a=setup:active} on this side)
 * @param remoteLite          whether the remote party is an ICE-lite agent
 * @param remoteCandidates    the remote UDP candidates with literal addresses, in the order given
 * @param remoteSsrc          the SSRC the remote party announced for its audio, or -1
 */
public record Negotiated(String mid, int payloadType, String remoteUfrag, String remotePwd, List<RemoteFingerprint> remoteFingerprints,
                         boolean dtlsClient, boolean remoteLite, List<Candidate> remoteCandidates, long remoteSsrc) {
    public Negotiated {
        remoteFingerprints = List.copyOf(remoteFingerprints);
        remoteCandidates = List.copyOf(remoteCandidates);
    }
}
