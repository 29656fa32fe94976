package gateway.whip.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.core.Response;

/**
 * An RFC 9457 problem document as the WHIP bridge answers it, on the gateway's own port (JAX-RS) and on the
 * pool ports (the JDK's HTTP server) alike: the one place where {@link WhipException}s become status codes,
 * and the HTTP-level refusals (405, 413) the pool-port servers make themselves. Same shape as the gateway's
 * exception mapper: {@code type}, {@code title}, {@code status}, {@code detail}.
 *
 * @param status  HTTP status
 * @param title   fixed summary of the problem type
 * @param detail  what exactly is wrong with this request
 * @param headers headers the response needs (e.g. {@code Allow}, {@code WWW-Authenticate})
 */
record WhipProblem(int status, String title, String detail, Map<String, List<String>> headers) {
    static final String TYPE = "application/problem+json";

    WhipProblem {
        headers = Map.copyOf(headers);
    }

    private static WhipProblem of(int status, String title, String detail) {
        return new WhipProblem(status, title, detail, Map.of());
    }

    /** @return the problem a refused request is answered with */
    static WhipProblem of(WhipException e) {
        String detail = e.getMessage();
        return switch (e.error()) {
            case POOL_EXHAUSTED, PUBLISHER_PRESENT -> of(409, "Conflict", detail);
            case SRT_HOST_UNKNOWN -> of(400, "Bad request", "'srt.host': " + detail);
            case SRT_HOST_LOOKUP_TIMEOUT -> of(504, "Gateway timeout", "'srt.host': " + detail);
            case BRIDGE_NOT_FOUND, BRIDGE_ENDED, SESSION_NOT_FOUND -> of(404, "Not found", detail);
            case UNAUTHORIZED -> new WhipProblem(401, "Unauthorized", detail,
                    Map.of("WWW-Authenticate", List.of("Bearer realm=\"whip\"")));
            case OFFER_CONTENT_TYPE -> new WhipProblem(415, "Unsupported media type", detail,
                    Map.of("Accept-Post", List.of(WhipEndpoint.SDP)));
            case FRAGMENT_CONTENT_TYPE -> new WhipProblem(415, "Unsupported media type", detail,
                    Map.of("Accept-Patch", List.of(WhipEndpoint.SDPFRAG)));
            case OFFER_UNACCEPTABLE -> of(400, "Unacceptable SDP offer", detail);
            case FRAGMENT_UNACCEPTABLE -> of(400, "Unacceptable SDP fragment", detail);
            case ETAG_MISMATCH -> of(412, "Precondition failed", detail);
            case ICE_RESTART_UNSUPPORTED -> of(422, "ICE restart not supported", detail);
            case WEBRTC_UNAVAILABLE -> of(503, "WebRTC unavailable", detail);
            case WEBRTC_TIMEOUT -> of(503, "WebRTC error", detail);
            case WEBRTC_FAILED -> of(500, "WebRTC error", detail);
        };
    }

    /** 405, with the methods the resource allows in {@code Allow}. */
    static WhipProblem methodNotAllowed(String method, String allowed) {
        return new WhipProblem(405, "Method not allowed", method + " is not supported here (allowed: " + allowed + ")",
                Map.of("Allow", List.of(allowed)));
    }

    /** 413: the body is larger than the gateway accepts. */
    static WhipProblem tooLarge(long limit) {
        return new WhipProblem(413, "Content too large", "the request body is larger than " + limit + " bytes",
                Map.of("Connection", List.of("close")));
    }

    /** 404 for a path that is no resource. */
    static WhipProblem notFound(String detail) {
        return of(404, "Not found", detail);
    }

    /** 500: the failure itself is logged, never echoed. */
    static WhipProblem internal() {
        return of(500, "Internal Server Error", "the gateway failed to handle the request; see its log");
    }

    /**
     * @param extra headers to add (e.g. CORS), overridden by the problem's own
     * @return this problem with them
     */
    WhipProblem with(Map<String, List<String>> extra) {
        Map<String, List<String>> all = new LinkedHashMap<>(extra);
        all.putAll(headers);
        return new WhipProblem(status, title, detail, all);
    }

    /** @return the problem as {@code application/problem+json} */
    String json() {
        return "{\"type\":\"about:blank\",\"title\":" + string(title) + ",\"status\":" + status
                + ",\"detail\":" + string(detail) + "}";
    }

    /** @return the JAX-RS response for the gateway's own port */
    Response response() {
        Response.ResponseBuilder r = Response.status(status).type(TYPE).entity(json());
        headers.forEach((k, v) -> v.forEach(value -> r.header(k, value)));
        return r.build();
    }

    static String string(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
