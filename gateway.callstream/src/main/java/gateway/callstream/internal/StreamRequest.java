package gateway.callstream.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A validated start request ({@code POST …/Stream/}), with Plivo's defaults applied.
 *
 * @param serviceUrl        the WebSocket to dial (ws or wss)
 * @param bidirectional     whether the service may send audio back
 * @param track             what is forked
 * @param timeoutSeconds    how long audio flows at most once streaming starts
 * @param callbackUrl       where status callbacks go, or {@code null}
 * @param callbackMethod    {@code GET} or {@code POST}
 * @param format            the payload format
 * @param extraHeaders      the {@code extra_headers} string as given, or {@code null}
 */
record StreamRequest(URI serviceUrl, boolean bidirectional, Track track, long timeoutSeconds, URI callbackUrl,
                     String callbackMethod, MediaFormat format, String extraHeaders) {

    static final long DEFAULT_TIMEOUT_SECONDS = 86_400;
    static final int MAX_EXTRA_HEADERS_BYTES = 512;

    /**
     * Validates the parameters of a start request, JSON or form-encoded.
     *
     * @param p the parameters by name (values: strings, or JSON booleans and numbers)
     * @return the request
     * @throws InvalidRequestException naming the parameter and what is wrong with it
     */
    static StreamRequest parse(Map<String, ?> p) {
        String url = text(p, "service_url");
        if (url == null || url.isBlank()) throw new InvalidRequestException("service_url is required");
        URI serviceUrl = webSocketUrl(url.trim());

        boolean bidirectional = bool(p, "bidirectional");
        String trackText = text(p, "audio_track");
        Track track = trackText == null || trackText.isBlank() ? Track.INBOUND : Track.of(trackText)
                .orElseThrow(() -> new InvalidRequestException("audio_track must be inbound, outbound or both, not '" + trackText + "'"));
        if (bidirectional && track != Track.INBOUND) {
            throw new InvalidRequestException("audio_track must be inbound when bidirectional is true, not '" + track.wire() + "'");
        }

        long timeout = DEFAULT_TIMEOUT_SECONDS;
        String timeoutText = text(p, "stream_timeout");
        if (timeoutText != null && !timeoutText.isBlank()) {
            try {
                timeout = Long.parseLong(timeoutText.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("stream_timeout must be a positive integer (seconds), not '" + timeoutText + "'");
            }
            if (timeout <= 0) throw new InvalidRequestException("stream_timeout must be a positive integer (seconds), not " + timeout);
        }

        URI callbackUrl = null;
        String cb = text(p, "status_callback_url");
        if (cb != null && !cb.isBlank()) callbackUrl = httpUrl(cb.trim());
        String methodText = text(p, "status_callback_method");
        String method = methodText == null || methodText.isBlank() ? "POST" : methodText.trim().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new InvalidRequestException("status_callback_method must be GET or POST, not '" + methodText + "'");
        }

        String ct = text(p, "content_type");
        MediaFormat format = ct == null || ct.isBlank() ? MediaFormat.L16_8K : MediaFormat.ofContentType(ct)
                .orElseThrow(() -> new InvalidRequestException("content_type must be audio/x-l16;rate=8000, audio/x-l16;rate=16000 or audio/x-mulaw;rate=8000, not '" + ct + "'"));

        String extra = text(p, "extra_headers");
        if (extra == null) extra = text(p, "extraheaders"); // the PHP SDK's spelling
        if (extra != null) extra = extraHeaders(extra);
        return new StreamRequest(serviceUrl, bidirectional, track, timeout, callbackUrl, method, format, extra);
    }

    private static String text(Map<String, ?> p, String name) {
        Object v = p.get(name);
        if (v == null) return null;
        if (v instanceof String || v instanceof Number || v instanceof Boolean) return v.toString();
        throw new InvalidRequestException(name + " must be a string, not " + (v instanceof Map ? "an object" : "a list"));
    }

    private static boolean bool(Map<String, ?> p, String name) {
        String v = text(p, name);
        if (v == null || v.isBlank()) return false;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException(name + " must be true or false, not '" + v + "'");
        };
    }

    private static URI webSocketUrl(String url) {
        URI u = uri("service_url", url);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new InvalidRequestException("service_url must be a ws:// or wss:// URL, not '" + url + "'");
        }
        if (u.getHost() == null || u.getHost().isBlank()) throw new InvalidRequestException("service_url has no host: '" + url + "'");
        return u;
    }

    private static URI httpUrl(String url) {
        URI u = uri("status_callback_url", url);
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidRequestException("status_callback_url must be an http:// or https:// URL, not '" + url + "'");
        }
        if (u.getHost() == null || u.getHost().isBlank()) throw new InvalidRequestException("status_callback_url has no host: '" + url + "'");
        return u;
    }

    private static URI uri(String name, String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidRequestException(name + " is not a valid URL: '" + url + "'");
        }
    }

    private static String extraHeaders(String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_EXTRA_HEADERS_BYTES) {
            throw new InvalidRequestException("extra_headers must be at most " + MAX_EXTRA_HEADERS_BYTES + " bytes, got "
                    + value.getBytes(StandardCharsets.UTF_8).length);
        }
        if (value.isBlank()) return null;
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new InvalidRequestException("extra_headers must be key=value pairs separated by commas, e.g. \"k1=v1,k2=v2\"; '"
                        + pair + "' is not");
            }
        }
        return value;
    }

    /** @return the extra headers as the WebSocket messages carry them: {@code k1=v1;k2=v2} */
    String extraHeadersForMessages() {
        return extraHeaders == null ? null : extraHeaders.replace(',', ';');
    }
}
