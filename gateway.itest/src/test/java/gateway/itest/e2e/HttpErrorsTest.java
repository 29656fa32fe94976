package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error answers of the real executable, asked with real HTTP requests: what a client reads when it gets it wrong. */
class HttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTERNALS = List.of("java.", "Cannot deserialize", "Unrecognized token", "line:", "column:",
            "Source:", "com.fasterxml", "Exception");

    @TempDir
    static Path tmp;

    static GatewayProcess gw;

    @BeforeAll
    static void start() throws Exception {
        gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1");
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return gw.send(b.build());
    }

    private static JsonNode problem(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonNode p = JSON.readTree(r.body());
        assertEquals(status, p.path("status").asInt());
        for (String internal : INTERNALS) assertFalse(r.body().contains(internal), "'" + internal + "' in " + r.body());
        return p;
    }

    @Test
    void methodNotAllowedSaysWhatIs() throws Exception {
        HttpResponse<String> r = send("DELETE", "/ping", null, null);
        JsonNode p = problem(r, 405);
        assertEquals("GET, HEAD, OPTIONS", r.headers().firstValue("Allow").orElse(null));
        assertEquals("DELETE is not allowed on /ping; allowed: GET, HEAD, OPTIONS", p.path("detail").asText());
        assertEquals("GET, HEAD, OPTIONS, PUT", send("POST", "/plugins/gateway.core", "application/json", "{}")
                .headers().firstValue("Allow").orElse(null), "templates match: /plugins/{id}");
    }

    @Test
    void unsupportedMediaTypeNamesTheExpectedOne() throws Exception {
        JsonNode p = problem(send("POST", "/reserve", "text/plain", "event=1"), 415);
        assertEquals("Content-Type text/plain is not accepted by POST /reserve; send application/json", p.path("detail").asText());
    }

    @Test
    void aWrongTypedFieldIsNamed() throws Exception {
        JsonNode p = problem(send("POST", "/reserve", "application/json",
                "{\"event\": \"" + UUID.randomUUID() + "\", \"record\": \"maybe\"}"), 400);
        assertEquals("'record' must be true or false, got 'maybe'", p.path("detail").asText());
        JsonNode syntax = problem(send("POST", "/reserve", "application/json", "{\"event\": nope}"), 400);
        assertEquals("the request body is not valid JSON (near the field 'event')", syntax.path("detail").asText());
        JsonNode cut = problem(send("POST", "/reserve", "application/json", "{\"event\": "), 400);
        assertTrue(cut.path("detail").asText().startsWith("the request body is not valid JSON"), cut.toString());
    }

    /** One raw HTTP/1.1 exchange, so the test controls exactly what is sent and when. */
    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) line.write(b);
        return line.toString(StandardCharsets.US_ASCII).trim();
    }

    @Test
    void aDeclaredTooLargeBodyIs413WithoutReadingIt() throws Exception {
        try (Socket s = new Socket("127.0.0.1", gw.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /reserve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            // Jetty dispatches a request once the first bytes of its body are there; the rest never follows
            out.write(" ".repeat(65536).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 413 Payload Too Large", statusLine(in));
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(rest.contains("application/problem+json"), rest);
            assertTrue(rest.contains("the request body is larger than the limit of 1000000 bytes"), rest);
        }
        problem(send("POST", "/reserve", "application/json", "{\"event\": \"" + "x".repeat(2_000_000) + "\"}"), 413);
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws Exception {
        // far more than the limit (1 MB) plus what the loopback's socket buffers take in before the gateway's answer is
        // read here (up to ~10 MB with the kernel's autotuning): answering after 1/8 of it is answering before the end
        long offered = 256L << 20;
        AtomicLong sent = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        try (Socket s = new Socket("127.0.0.1", gw.port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /reserve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = (Integer.toHexString(65536) + "\r\n" + " ".repeat(65536) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    // a client that sends until it has its answer
                    while (sent.get() < offered && !answered.get()) {
                        out.write(chunk);
                        sent.addAndGet(65536);
                    }
                } catch (IOException closedByTheGateway) {
                    // the gateway answered and closed the connection
                }
            });
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 413 Payload Too Large", statusLine(in));
            answered.set(true);
            long atAnswer = sent.get();
            writer.join(20_000);
            assertTrue(atAnswer < offered / 8, "the gateway answered after " + atAnswer + " of " + offered + " bytes, not after reading them all");
            String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8); // to the end: the gateway closes the connection
            assertTrue(rest.toLowerCase().contains("connection: close"), rest);
            assertTrue(rest.contains("the request body is larger than the limit of 1000000 bytes"), rest);
        }
    }

    @Test
    void theLimitIsConfigurableWhileRunningAndPluginUploadsHaveTheirOwn() throws Exception {
        String body = "{\"event\": \"" + "x".repeat(150_000) + "\"}"; // 150 KB that never reserve anything
        assertNotEquals(413, send("POST", "/reserve", "application/json", body).statusCode(), "150 KB is below the default 1 MB");
        Path cfg = gw.home.resolve("etc/gateway.http.cfg");
        String original = Files.readString(cfg);
        try {
            Files.writeString(cfg, original + "\nmaxRequestBodySize = 100KB\n");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status = 0;
            while (System.nanoTime() < deadline && (status = send("POST", "/reserve", "application/json", body).statusCode()) != 413) {
                Thread.sleep(100); // polling the observable state: the setting applies within a File Install poll
            }
            assertEquals(413, status, "the new limit applies");
            assertTrue(send("POST", "/reserve", "application/json", body).body().contains("limit of 100000 bytes"));
            // a 2 MB plugin upload is judged by maxPluginSize (64 MB): refused as no jar, not as too large
            HttpResponse<String> upload = gw.send(HttpRequest.newBuilder(gw.uri("/plugins/gateway.example.none"))
                    .header("Content-Type", "application/java-archive")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2_000_000])).timeout(Duration.ofSeconds(10)).build());
            assertNotEquals(413, upload.statusCode(), upload.body());
        } finally {
            Files.writeString(cfg, original);
            // the limit applies live (nothing that follows the HTTP address restarts): wait until it is back
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (send("POST", "/reserve", "application/json", body).statusCode() == 413 && System.nanoTime() < deadline) Thread.sleep(100);
        }
    }
}
