package gateway.whip.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gateway.api.http.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server a bridge runs on its pool port, as the reference service does: it answers the
 * document's client flow at {@code http://<host>:<port>/whip/endpoint}. One dispatcher thread (the JDK's
 * built-in server); requests to one bridge are few and handled in order.
 */
final class WhipServer {
    private static final Logger LOG = LoggerFactory.getLogger(WhipServer.class);
    static final String PATH = "/whip/endpoint";

    private final HttpServer server;

    private WhipServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds and starts the server; it accepts connections when this returns.
     *
     * @param host     bind address
     * @param port     the bridge's port
     * @param bridge   the bridge it serves
     * @param endpoint the WHIP protocol
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    static WhipServer start(String host, int port, Bridge bridge, WhipEndpoint endpoint) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 16);
        s.createContext("/", exchange -> handle(exchange, bridge, endpoint));
        s.start();
        return new WhipServer(s);
    }

    /** Stops accepting, lets a request in progress finish (at most 1 s), and frees the port. */
    void stop() {
        server.stop(1);
    }

    private static void handle(HttpExchange x, Bridge bridge, WhipEndpoint endpoint) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String type = x.getRequestHeaders().getFirst("Content-Type");
            try {
                WhipEndpoint.Reply reply;
                if (path.equals(PATH) || path.equals(PATH + "/")) {
                    reply = switch (method) {
                        case "POST" -> endpoint.post(bridge, type, auth, body(x), PATH);
                        case "OPTIONS" -> endpoint.options(bridge);
                        default -> throw notAllowed(method, "OPTIONS, POST");
                    };
                } else if (path.startsWith(PATH + "/") && path.indexOf('/', PATH.length() + 1) < 0) {
                    String session = path.substring(PATH.length() + 1);
                    reply = switch (method) {
                        case "DELETE" -> endpoint.delete(bridge, session, auth);
                        case "PATCH" -> endpoint.patch(bridge, session, type, x.getRequestHeaders().getFirst("If-Match"), auth, body(x));
                        case "OPTIONS" -> endpoint.options(bridge);
                        default -> throw notAllowed(method, "OPTIONS, PATCH, DELETE");
                    };
                } else {
                    throw ProblemException.notFound("no resource at " + path + "; the WHIP endpoint is " + PATH);
                }
                write(x, reply.status(), reply.contentType(), reply.body(), reply.headers());
            } catch (ProblemException p) {
                Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("Access-Control-Allow-Origin", List.of("*")));
                if (p instanceof Problems.WithHeaders w) headers.putAll(w.headers());
                write(x, p.status(), "application/problem+json", Problems.render(p), headers);
            } catch (RuntimeException e) {
                LOG.error("WHIP request {} {} failed", method, path, e);
                ProblemException p = new ProblemException(500, "Internal Server Error", "the gateway failed to handle the request; see its log");
                write(x, 500, "application/problem+json", Problems.render(p), Map.of());
            }
        }
    }

    private static ProblemException notAllowed(String method, String allowed) {
        return new Problems.MethodNotAllowed(method, allowed);
    }

    private static String body(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] b = in.readNBytes(SdpOffer.MAX_BYTES + 1);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static void write(HttpExchange x, int status, String type, String body, Map<String, List<String>> headers) throws IOException {
        headers.forEach((k, v) -> x.getResponseHeaders().put(k, v));
        x.getResponseHeaders().set("Cache-Control", "no-store");
        if (body == null) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }
}
