package gateway.rooms.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The body of an HTTP(S) GET, e.g. an Icecast mount: connected on the first {@link #read} (on the input's thread),
 * refused with a clear reason when the server answers an error or serves something that is not Ogg (an HLS
 * playlist, HTML).
 */
final class HttpSource implements ByteSource {
    private final HttpClient client;
    private final URI uri;
    private final Duration timeout;
    private volatile InputStream body;
    private volatile boolean closed;

    HttpSource(HttpClient client, URI uri, Duration timeout) {
        this.client = client;
        this.uri = uri;
        this.timeout = timeout;
    }

    @Override
    public int read(byte[] buffer) throws IOException, InterruptedException {
        InputStream in = body;
        if (in == null) in = connect();
        int n = in.read(buffer);
        return n;
    }

    private InputStream connect() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "gateway-ingress")
                .header("Icy-MetaData", "0").GET().build();
        HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            throw new IOException("the server answered HTTP " + r.statusCode());
        }
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (type.contains("mpegurl") || uri.getPath().toLowerCase(Locale.ROOT).endsWith(".m3u8")) {
            r.body().close();
            throw new IOException("it serves an HLS playlist (" + type + "); the gateway pulls Ogg/Opus only, e.g. an Icecast mount");
        }
        if (type.startsWith("text/")) {
            r.body().close();
            throw new IOException("it serves " + type + ", not Ogg/Opus");
        }
        body = r.body();
        if (closed) body.close();
        return body;
    }

    @Override
    public String describe() {
        return "the URL " + redacted(uri.toString());
    }

    /** @return the URL without the value of a {@code passphrase} parameter or user information */
    static String redacted(String url) {
        return url.replaceAll("(?i)([?&]passphrase=)[^&]*", "$1REDACTED").replaceAll("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@", "$1");
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing to stop: nothing to do about a failure
            }
        }
    }
}
