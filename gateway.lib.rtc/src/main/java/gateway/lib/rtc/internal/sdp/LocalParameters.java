package gateway.lib.rtc.internal.sdp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What this side puts into its offer or answer.
 *
 * @param ufrag       the local ICE username fragment
 * @param pwd         the local ICE password
 * @param fingerprint the local certificate's fingerprint as SDP writes it ({@code sha-256 AB:...})
 * @param ssrc        the SSRC this side sends with (used when it sends)
 * @param cname       the RTCP canonical name
 * @param candidates  the host candidates, in order of preference
 * @param lite        whether this side is an ICE-lite agent ({@code a=ice-lite})
 * @param sessionId   the {@code o=} line's session id
 */
public record LocalParameters(String ufrag, String pwd, String fingerprint, long ssrc, String cname,
                              List<InetSocketAddress> candidates, boolean lite, long sessionId) {
    public LocalParameters {
        candidates = List.copyOf(candidates);
    }
}
