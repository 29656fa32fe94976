package gateway.callstream.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status callbacks to {@code status_callback_url}: Plivo's parameters, form-encoded in a POST body or in the
 * query of a GET. Asynchronous and bounded in time, so a slow or failing callback URL never touches audio; a
 * failure is logged, not retried.
 */
final class StatusCallbacks {
    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);

    private final HttpClient client;
    private final Duration timeout;

    StatusCallbacks(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * @return completes when the callback was answered, failed or timed out (never exceptionally)
     */
    CompletableFuture<Void> send(URI url, String method, Map<String, String> params) {
        String form = form(params);
        HttpRequest.Builder b;
        if (method.equals("GET")) {
            String sep = url.getRawQuery() == null ? "?" : "&";
            b = HttpRequest.newBuilder(URI.create(url + sep + form)).GET();
        } else {
            b = HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        }
        HttpRequest request = b.timeout(timeout).header("User-Agent", "gateway.callstream").build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                if (e != null) {
                    LOG.warn("Status callback {} {} to {} failed: {}", params.get("Event"), method, url, e.toString());
                } else if (r.statusCode() >= 300) {
                    LOG.warn("Status callback {} {} to {} answered {}", params.get("Event"), method, url, r.statusCode());
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Status callback {} to {} could not be sent: {}", params.get("Event"), url, e.toString());
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
