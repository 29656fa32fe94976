package gateway.whip.internal;

import dev.onvoid.webrtc.RTCIceCandidate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WHIP protocol (RFC 9725) of one bridge, independent of the HTTP server that carries it: the per-port
 * server answers {@code /whip/endpoint}, the gateway's own HTTP API answers {@code /whip/{bridge}}; both
 * call these methods and write the {@link Reply}, or answer the {@link WhipException} they throw.
 *
 * <ul>
 *   <li>{@code POST} an {@code application/sdp} offer: 201 with the answer, {@code Location} of the session,
 *       {@code ETag}, and {@code Link} headers with the ICE servers.</li>
 *   <li>{@code DELETE} the session: ends the bridge.</li>
 *   <li>{@code PATCH} the session with {@code application/trickle-ice-sdpfrag}: late candidates are added
 *       (204); an ICE restart is refused with 422, as the RFC asks of servers that trickle but do not restart.</li>
 *   <li>{@code OPTIONS}: the ICE servers and what is accepted (also a CORS preflight answer for browsers).</li>
 * </ul>
 */
final class WhipEndpoint {
    static final String SDP = "application/sdp";
    static final String SDPFRAG = "application/trickle-ice-sdpfrag";

    /**
     * A response.
     *
     * @param status      HTTP status
     * @param contentType of the body, or null
     * @param body        the body, or null
     * @param headers     further headers
     */
    record Reply(int status, String contentType, String body, Map<String, List<String>> headers) {}

    private final WebRtcEngine engine;
    private final String token;
    private final Duration negotiationTimeout;

    /**
     * @param engine             the WebRTC stack
     * @param token              bearer token required for POST, PATCH and DELETE, or empty for none
     * @param negotiationTimeout for each step of answering an offer
     */
    WhipEndpoint(WebRtcEngine engine, String token, Duration negotiationTimeout) {
        this.engine = engine;
        this.token = token == null ? "" : token;
        this.negotiationTimeout = negotiationTimeout;
    }

    Reply options(Bridge bridge) {
        Map<String, List<String>> h = common(bridge);
        h.put("Accept-Post", List.of(SDP));
        h.put("Allow", List.of("OPTIONS, POST, PATCH, DELETE"));
        h.put("Access-Control-Allow-Methods", List.of("OPTIONS, POST, PATCH, DELETE"));
        h.put("Access-Control-Allow-Headers", List.of("Content-Type, Authorization, If-Match, ETag"));
        h.put("Access-Control-Max-Age", List.of("600"));
        return new Reply(204, null, null, h);
    }

    /**
     * Answers an offer.
     *
     * @param bridge        the bridge
     * @param contentType   the request's content type
     * @param authorization its Authorization header, or null
     * @param offer         the body
     * @param sessionBase   the path under which the session's URL is formed (e.g. {@code /whip/endpoint})
     * @return 201 with the answer
     * @throws WhipException when the request is refused: {@link WhipError#UNAUTHORIZED},
     *                       {@link WhipError#OFFER_CONTENT_TYPE}, {@link WhipError#OFFER_UNACCEPTABLE}, or from
     *                       {@link Bridge#startSession}
     */
    Reply post(Bridge bridge, String contentType, String authorization, String offer, String sessionBase) {
        authorize(authorization);
        if (!SDP.equals(mediaType(contentType))) {
            throw new WhipException(WhipError.OFFER_CONTENT_TYPE, "POST an SDP offer with Content-Type " + SDP
                    + (contentType == null ? "" : ", not " + contentType));
        }
        SdpOffer.check(offer);
        String session = bridge.startSession(offer, engine, negotiationTimeout);
        Map<String, List<String>> h = common(bridge);
        h.put("Location", List.of(sessionBase + "/" + session));
        h.put("ETag", List.of(etag(session)));
        h.put("Accept-Patch", List.of(SDPFRAG));
        return new Reply(201, SDP, bridge.session().answer(), h);
    }

    /** Ends the session and with it the bridge. */
    Reply delete(Bridge bridge, String session, String authorization) {
        authorize(authorization);
        requireSession(bridge, session);
        bridge.end(EndCause.PUBLISHER_ENDED, "the publisher ended the WHIP session (DELETE)");
        return new Reply(200, null, null, common(bridge));
    }

    /** Trickle ICE: adds the candidates of an SDP fragment. */
    Reply patch(Bridge bridge, String session, String contentType, String ifMatch, String authorization, String fragment) {
        authorize(authorization);
        requireSession(bridge, session);
        if (!SDPFRAG.equals(mediaType(contentType))) {
            throw new WhipException(WhipError.FRAGMENT_CONTENT_TYPE, "PATCH takes Content-Type " + SDPFRAG
                    + (contentType == null ? "" : ", not " + contentType));
        }
        if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(etag(session))) {
            throw new WhipException(WhipError.ETAG_MISMATCH, "If-Match " + ifMatch + " does not match the session's ETag");
        }
        TrickleFragment parsed = TrickleFragment.parse(fragment);
        String ufrag = parsed.ufrag();
        List<RTCIceCandidate> candidates = new ArrayList<>();
        for (TrickleFragment.Candidate c : parsed.candidates()) candidates.add(new RTCIceCandidate(c.mid(), 0, c.attribute()));
        WhipSession s = bridge.session();
        if (ufrag != null && s.offerUfrag() != null && !ufrag.equals(s.offerUfrag())) {
            throw new WhipException(WhipError.ICE_RESTART_UNSUPPORTED,
                    "this endpoint supports trickle ICE but not ICE restarts; DELETE the session and POST a new offer");
        }
        s.addCandidates(candidates);
        return new Reply(204, null, null, common(bridge));
    }

    private void requireSession(Bridge bridge, String session) {
        if (bridge.sessionId() == null || !bridge.sessionId().equals(session) || bridge.isEnded()) {
            throw new WhipException(WhipError.SESSION_NOT_FOUND, "no WHIP session '" + session + "' on this bridge");
        }
    }

    private void authorize(String authorization) {
        if (token.isEmpty()) return;
        String given = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new WhipException(WhipError.UNAUTHORIZED, given.isEmpty() ? "this WHIP endpoint requires a bearer token"
                    : "the bearer token is not valid for this WHIP endpoint");
        }
    }

    private static String etag(String session) {
        return "\"" + session + "\"";
    }

    private static String mediaType(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** ICE servers as Link headers (RFC 9725 section 4.6) and the CORS headers browsers need to read the reply. */
    private static Map<String, List<String>> common(Bridge bridge) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        BridgeRequest r = bridge.request();
        h.put("Link", List.of("<stun:" + r.stunHost() + ":" + r.stunPort() + ">; rel=\"ice-server\""));
        h.put("Access-Control-Allow-Origin", List.of("*"));
        h.put("Access-Control-Expose-Headers", List.of("Location, ETag, Link, Accept-Patch"));
        return h;
    }
}
