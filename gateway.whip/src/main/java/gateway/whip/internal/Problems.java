package gateway.whip.internal;

import gateway.api.http.ProblemException;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem documents for the per-port WHIP servers, which are not JAX-RS applications and so do
 * not reach the gateway's exception mapper; the shape is the same as the mapper's.
 */
final class Problems {
    private Problems() {
    }

    /** A problem whose response needs headers of its own. */
    abstract static class WithHeaders extends ProblemException {
        private static final long serialVersionUID = 1L;

        WithHeaders(int status, String title, String detail) {
            super(status, title, detail);
        }

        /** @return the headers that must go with the response */
        abstract Map<String, List<String>> headers();
    }

    /** The client must authenticate with the WHIP bearer token. */
    static final class Unauthorized extends WithHeaders {
        private static final long serialVersionUID = 1L;

        Unauthorized(String detail) {
            super(401, "Unauthorized", detail);
        }

        @Override
        Map<String, List<String>> headers() {
            return Map.of("WWW-Authenticate", List.of("Bearer realm=\"whip\""));
        }
    }

    /** The method is not supported on this resource. */
    static final class MethodNotAllowed extends WithHeaders {
        private static final long serialVersionUID = 1L;
        private final String allowed;

        MethodNotAllowed(String method, String allowed) {
            super(405, "Method not allowed", method + " is not supported here (allowed: " + allowed + ")");
            this.allowed = allowed;
        }

        @Override
        Map<String, List<String>> headers() {
            return Map.of("Allow", List.of(allowed));
        }
    }

    /** @return the problem as {@code application/problem+json} */
    static String render(ProblemException p) {
        return "{\"type\":\"about:blank\",\"title\":" + string(p.title()) + ",\"status\":" + p.status()
                + ",\"detail\":" + string(p.detail()) + "}";
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
