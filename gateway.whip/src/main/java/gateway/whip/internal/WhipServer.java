package gateway.whip.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small HTTP server a bridge runs on its pool port, as the reference service does: it answers the
 * document's client flow at {@code http://<host>:<port>/whip/endpoint} ({@code https} when the gateway's
 * HTTP API is served over TLS, with the same certificate). One dispatcher thread (the JDK's built-in server);
 * requests to one bridge are few and handled in order.
 *
 * <p>It applies the gateway's HTTP conventions itself, as the main port's JAX-RS runtime does there: 405 with
 * {@code Allow}, 413 for a body over the gateway's limit (decided from {@code Content-Length} before reading,
 * or while reading a body without one), and RFC 9457 problem documents for every refusal
 * ({@link WhipProblem}). Nothing a handler throws escapes to the dispatcher thread, which would stop
 * answering: it is logged with its stack trace and answered with 500.
 */
final class WhipServer {
    private static final Logger LOG = LoggerFactory.getLogger(WhipServer.class);
    static final String PATH = "/whip/endpoint";
    private static final String ENDPOINT_METHODS = "OPTIONS, POST";
    private static final String SESSION_METHODS = "OPTIONS, PATCH, DELETE";
    private static final Map<String, List<String>> CORS = Map.of("Access-Control-Allow-Origin", List.of("*"));

    /**
     * How the pool ports serve.
     *
     * @param bindHost     bind address
     * @param tls          the TLS context to serve with, or null for plain HTTP
     * @param maxBodyBytes the largest request body accepted, read for each request (the operator may change it)
     */
    record Settings(String bindHost, SSLContext tls, LongSupplier maxBodyBytes) {}

    private final HttpServer server;

    private WhipServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds and starts the server; it accepts connections when this returns.
     *
     * @param port     the bridge's port
     * @param bridge   the bridge it serves
     * @param endpoint the WHIP protocol
     * @param settings bind address, TLS and body limit
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    static WhipServer start(int port, Bridge bridge, WhipEndpoint endpoint, Settings settings) throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.bindHost(), port);
        HttpServer s;
        if (settings.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()));
            s = https;
        } else {
            s = HttpServer.create(address, 16);
        }
        s.createContext("/", exchange -> handle(exchange, bridge, endpoint, settings.maxBodyBytes().getAsLong()));
        s.start();
        return new WhipServer(s);
    }

    /** Stops accepting, lets a request in progress finish (at most 1 s), and frees the port. */
    void stop() {
        server.stop(1);
    }

    private static void handle(HttpExchange x, Bridge bridge, WhipEndpoint endpoint, long maxBody) {
        String method = x.getRequestMethod();
        String path = x.getRequestURI().getPath();
        try (x) {
            WhipEndpoint.Reply reply;
            try {
                reply = dispatch(x, method, path, bridge, endpoint, maxBody);
            } catch (WhipException e) {
                problem(x, WhipProblem.of(e));
                return;
            } catch (Refusal r) {
                problem(x, r.problem);
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("WHIP request {} {} on port {} failed", method, path, bridge.port(), e);
                problem(x, WhipProblem.internal());
                return;
            }
            write(x, reply.status(), reply.contentType(), reply.body(), reply.headers());
        } catch (IOException e) {
            LOG.debug("WHIP request {} {} on port {}: the client went away ({})", method, path, bridge.port(), e.toString());
        } catch (Throwable e) { // also from writing the answer: the dispatcher thread must live on
            LOG.error("WHIP request {} {} on port {} failed", method, path, bridge.port(), e);
        }
    }

    private static WhipEndpoint.Reply dispatch(HttpExchange x, String method, String path, Bridge bridge, WhipEndpoint endpoint,
                                               long maxBody) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            return switch (method) {
                case "POST" -> endpoint.post(bridge, type, auth, body(x, maxBody), PATH);
                case "OPTIONS" -> endpoint.options(bridge);
                default -> throw new Refusal(WhipProblem.methodNotAllowed(method, ENDPOINT_METHODS));
            };
        }
        if (path.startsWith(PATH + "/") && path.indexOf('/', PATH.length() + 1) < 0) {
            String session = path.substring(PATH.length() + 1);
            return switch (method) {
                case "DELETE" -> endpoint.delete(bridge, session, auth);
                case "PATCH" -> endpoint.patch(bridge, session, type, x.getRequestHeaders().getFirst("If-Match"), auth, body(x, maxBody));
                case "OPTIONS" -> endpoint.options(bridge);
                default -> throw new Refusal(WhipProblem.methodNotAllowed(method, SESSION_METHODS));
            };
        }
        throw new Refusal(WhipProblem.notFound("no resource at " + path + "; the WHIP endpoint is " + PATH));
    }

    /** An answer this server gives itself (404, 405, 413), before the WHIP protocol is asked. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient WhipProblem problem;

        Refusal(WhipProblem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    /** The body, refused with 413 beyond the limit: by its declared length before it is read, else while reading. */
    private static String body(HttpExchange x, long maxBody) throws IOException {
        String declared = x.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBody) throw new Refusal(WhipProblem.tooLarge(maxBody));
            } catch (NumberFormatException e) {
                // the JDK's server has refused a malformed length already
            }
        }
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.min(maxBody, SdpOffer.MAX_BYTES) + 1);
        try (InputStream in = x.getRequestBody()) {
            byte[] b = in.readNBytes(cap);
            if (b.length > maxBody) throw new Refusal(WhipProblem.tooLarge(maxBody));
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static void problem(HttpExchange x, WhipProblem p) throws IOException {
        WhipProblem withCors = p.with(CORS);
        write(x, withCors.status(), WhipProblem.TYPE, withCors.json(), withCors.headers());
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
