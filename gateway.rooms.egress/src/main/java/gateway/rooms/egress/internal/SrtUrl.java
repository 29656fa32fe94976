package gateway.rooms.egress.internal;

import gateway.api.rooms.EgressException;
import gateway.lib.srt.SrtCallerOptions;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code srt://host:port?streamid=…&passphrase=…&latency=…} URL as ffmpeg and srt-live-transmit write them
 * ({@code latency} in milliseconds, {@code pbkeylen} 16/24/32). The passphrase is a secret: {@link #redacted()} is
 * the form shown and logged.
 *
 * @param url      the URL as given
 * @param options  the caller settings it names
 * @param redacted the URL with the passphrase replaced by {@code ***}
 */
record SrtUrl(String url, SrtCallerOptions options, String redacted) {

    /**
     * @param url the URL
     * @return it parsed
     * @throws EgressException {@code NOT_SUPPORTED} for another scheme (RTMP), {@code INVALID} for a malformed one
     */
    static SrtUrl parse(String url) {
        if (url == null || url.isBlank()) throw new EgressException(EgressException.Reason.INVALID, "a stream URL is empty");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (java.net.URISyntaxException e) {
            throw new EgressException(EgressException.Reason.INVALID, "stream URL is malformed: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("srt")) {
            throw new EgressException(EgressException.Reason.NOT_SUPPORTED, "stream outputs are srt:// URLs (Ogg/Opus over SRT, with "
                    + "passphrase and streamid as query parameters); " + (scheme.isEmpty() ? "a URL without a scheme" : scheme + "://")
                    + " is not supported (RTMP needs video)");
        }
        if (uri.getHost() == null || uri.getPort() <= 0) {
            throw new EgressException(EgressException.Reason.INVALID, "stream URL needs a host and a port: srt://host:port?streamid=…");
        }
        Map<String, String> query = query(uri.getRawQuery());
        SrtCallerOptions options = SrtCallerOptions.to(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
        String sid = query.getOrDefault("streamid", "");
        if (!sid.isEmpty()) options = options.withStreamId(sid);
        String pass = query.get("passphrase");
        if (pass != null) {
            if (pass.length() < 10 || pass.length() > 79) {
                throw new EgressException(EgressException.Reason.INVALID, "an SRT passphrase has 10 to 79 characters");
            }
            int keyLength = integer(query, "pbkeylen", 16);
            if (keyLength != 16 && keyLength != 24 && keyLength != 32) {
                throw new EgressException(EgressException.Reason.INVALID, "pbkeylen is 16, 24 or 32, not " + keyLength);
            }
            options = options.withPassphrase(pass, keyLength);
        }
        if (query.containsKey("latency")) options = options.withLatency(Duration.ofMillis(integer(query, "latency", 120)));
        String redacted = pass == null ? url.trim() : url.trim().replace("passphrase=" + encodedValue(uri.getRawQuery(), "passphrase"), "passphrase=***");
        return new SrtUrl(url.trim(), options, redacted);
    }

    /** @return the options with the host resolved now (a name may move between the request and the connection) */
    SrtCallerOptions resolved() {
        InetSocketAddress t = options.target();
        InetSocketAddress r = new InetSocketAddress(t.getHostString(), t.getPort());
        return new SrtCallerOptions(r, options.streamId(), options.passphrase(), options.keyLength(), options.latency(),
                options.connectTimeout(), options.peerIdleTimeout(), options.keyRefreshPackets(), options.keyPreAnnounce());
    }

    private static int integer(Map<String, String> query, String key, int fallback) {
        String v = query.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new EgressException(EgressException.Reason.INVALID, key + " is a number, not '" + v + "'");
        }
    }

    private static String encodedValue(String rawQuery, String key) {
        for (String pair : rawQuery.split("&")) if (pair.startsWith(key + "=")) return pair.substring(key.length() + 1);
        return "";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k.toLowerCase(java.util.Locale.ROOT), v);
        }
        return q;
    }
}
