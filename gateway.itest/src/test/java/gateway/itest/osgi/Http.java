package gateway.itest.osgi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small HTTP client for the tests, bound to the gateway's base URL. */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    Http(String base) {
        this.base = base;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return client;
    }

    /**
     * Polls {@code path} until the response satisfies {@code until}, or the time is up; returns the last response.
     * A refused connection (the port not open yet) counts as not yet.
     */
    HttpResponse<String> await(String path, Predicate<HttpResponse<String>> until, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = null;
        while (true) {
            try {
                last = get(path);
                if (until.test(last)) return last;
            } catch (IOException notListening) {
                if (System.nanoTime() >= deadline) throw notListening; // Jetty never opened its port
            }
            if (System.nanoTime() >= deadline) return last;
            Thread.sleep(50);
        }
    }
}
