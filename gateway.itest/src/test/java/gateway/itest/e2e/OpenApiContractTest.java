package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The live OpenAPI document against the real executable (with every plugin of the distribution and the
 * example plugin deployed): every operation is described, and what the document says each answers is what
 * the server answers: the statuses of operations called with their documented examples or with ids that do
 * not exist, the required fields of the bodies, problem documents for errors (or the error shape of a reference
 * service that an endpoint mirrors, where the document says so), and every example request accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING_ID = "no-such-id";
    private static final List<String> METHODS = List.of("get", "head", "post", "put", "delete", "patch", "options");

    private Path home;
    private GatewayProcess gw;
    private JsonNode doc;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("openapi-contract");
        Files.createDirectories(home.resolve("deploy"));
        Files.copy(Path.of(System.getProperty("stats.bundle")), home.resolve("deploy/gateway.example.stats.jar"));
        gw = GatewayProcess.start(home, "127.0.0.1");
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
        gw.await("/openapi/openapi.json", r -> r.body().contains("\"/stats\""), Duration.ofSeconds(10));
        doc = JSON.readTree(gw.get("/openapi/openapi.json").body());
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
    }

    /**
     * An operation that takes credentials of its own (a participant's access token), not the management token: called
     * without them it answers its documented 401.
     */
    private static boolean ownCredentials(Op op) {
        return !op.node().has("security") && op.codes().contains(401);
    }

    /** One operation of the document. */
    record Op(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        TreeSet<Integer> codes() {
            TreeSet<Integer> codes = new TreeSet<>();
            node.path("responses").fieldNames().forEachRemaining(c -> { if (!c.equals("default")) codes.add(Integer.parseInt(c)); });
            return codes;
        }

        int success() {
            return codes().stream().filter(c -> c >= 200 && c < 300).findFirst().orElseThrow(() -> new AssertionError(this + " has no 2xx"));
        }

        boolean hasPathParameters() {
            return path.contains("{");
        }
    }

    private List<Op> operations() {
        List<Op> ops = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            if (METHODS.contains(m.getKey())) ops.add(new Op(m.getKey(), p.getKey(), m.getValue()));
        }));
        return ops;
    }

    @Test
    void everyOperationIsDescribedWithItsSuccessAndErrors() {
        List<Op> ops = operations();
        assertTrue(ops.size() >= 25, "the endpoints of core, srt, whip, recorder, openapi and stats: " + ops);
        for (String path : List.of("/ping", "/sse", "/streams", "/plugins", "/check", "/reserve", "/stream", "/whip/{bridge}",
                "/recordings", "/recordings/{id}/audio", "/openapi/openapi.json", "/stats", "/v1/Account/{auth_id}/Call",
                "/v1/Account/{auth_id}/Call/{call_uuid}/Stream", "/v1/Account/{auth_id}/Call/{call_uuid}/Stream/{stream_id}")) {
            assertTrue(doc.path("paths").has(path), path + " is documented");
        }
        for (Op op : ops) {
            assertFalse(op.node().path("summary").asText().isBlank(), op + " has a summary");
            assertTrue(op.node().path("description").asText().length() >= 20, op + " has a description for the API's users");
            op.success();
            op.node().path("responses").fields().forEachRemaining(r -> {
                assertFalse(r.getValue().path("description").asText().isBlank(), op + " " + r.getKey() + " is described");
                if (r.getKey().matches("[45]..") && !op.method().equals("head")) {
                    // a problem document, or the error shape of the reference service the endpoint mirrors (a JSON schema)
                    JsonNode content = r.getValue().path("content");
                    assertTrue(content.has("application/problem+json") || content.path("application/json").has("schema"),
                            op + " " + r.getKey() + " is a problem document or a documented error shape");
                }
            });
            JsonNode body = op.node().path("requestBody");
            if (!body.isMissingNode()) assertTrue(body.path("required").asBoolean(), op + ": its body is required");
        }
        assertEquals(204, op("get", "/ping").success());
        assertEquals(201, op("post", "/reserve").success());
        assertEquals(201, op("post", "/stream").success());
        assertEquals(201, op("post", "/recordings").success());
        assertEquals(201, op("post", "/v1/Account/{auth_id}/Call/{call_uuid}/Stream").success());
        assertEquals(204, op("delete", "/v1/Account/{auth_id}/Call/{call_uuid}/Stream/{stream_id}").success());
        assertEquals(204, op("delete", "/recordings/{id}").success());
        JsonNode reserve = schema(op("post", "/reserve").node().path("requestBody").path("content").path("application/json").path("schema"));
        assertEquals("[\"event\"]", reserve.path("required").toString(), "required fields of a request body");
    }

    @Test
    void operationsAnswerWhatTheDocumentSays() throws Exception {
        int called = 0;
        for (Op op : operations()) {
            if (op.node().has("requestBody")) continue; // the next test sends the documented examples
            String path = op.path();
            for (JsonNode p : op.node().path("parameters")) {
                if (!p.path("in").asText().equals("path")) continue;
                String value = p.has("example") ? p.path("example").asText() : MISSING_ID;
                path = path.replace("{" + p.path("name").asText() + "}", value);
            }
            if (op.path().equals("/sse")) {
                HttpResponse<InputStream> sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri(path)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(op.success(), sse.statusCode(), op.toString());
                assertTrue(sse.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
                sse.body().close();
                called++;
                continue;
            }
            HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(10))
                    .method(op.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody()).build());
            called++;
            int status = r.statusCode();
            if (!op.hasPathParameters() && !ownCredentials(op)) {
                assertEquals(op.success(), status, op + " answers its documented success: " + r.body());
            } else {
                assertTrue(op.codes().contains(status), op + " (as " + path + ") answered " + status + ", documented: " + op.codes() + " " + r.body());
            }
            checkBody(op, r);
        }
        assertTrue(called >= 20, "operations called: " + called);
    }

    @Test
    void metricsAnswerInEachDocumentedFormat() throws Exception {
        Op metrics = op("get", "/metrics");
        JsonNode documented = metrics.node().path("responses").path("200").path("content");
        assertEquals(2, documented.size(), "the Prometheus text format and OpenMetrics: " + documented);
        assertTrue(metrics.codes().contains(401), "a management endpoint");
        for (String accept : List.of("text/plain", MetricsTest.PROMETHEUS_ACCEPT)) {
            HttpResponse<String> r = gw.get("/metrics", "Accept", accept);
            assertEquals(200, r.statusCode());
            String type = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(hasType(documented, type), accept + " answered " + type + ", documented: " + documented);
        }
    }

    @Test
    void everyExampleRequestIsAccepted() throws Exception {
        int sent = 0;
        for (Op op : operations()) {
            JsonNode content = op.node().path("requestBody").path("content");
            for (var media = content.fields(); media.hasNext(); ) {
                var m = media.next();
                List<JsonNode> examples = new ArrayList<>();
                if (m.getValue().has("example")) examples.add(m.getValue().get("example"));
                m.getValue().path("examples").forEach(e -> examples.add(e.path("value")));
                for (JsonNode example : examples) {
                    String path = op.path();
                    for (JsonNode p : op.node().path("parameters")) {
                        if (!p.path("in").asText().equals("path")) continue;
                        assertTrue(p.has("example"), op + ": an example request needs an example of its path parameter " + p.path("name"));
                        path = path.replace("{" + p.path("name").asText() + "}", p.path("example").asText());
                    }
                    String body = example.isTextual() ? example.asText() : JSON.writeValueAsString(example);
                    HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", m.getKey())
                            .method(op.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString(body)).build());
                    sent++;
                    assertNotEquals(400, r.statusCode(), op + " refused its own example " + body + ": " + r.body());
                    assertTrue(op.codes().contains(r.statusCode()), op + " answered its example with " + r.statusCode()
                            + ", documented: " + op.codes() + " " + r.body());
                    if (r.statusCode() < 300) assertEquals(op.success(), r.statusCode(), op + " with " + body);
                    checkBody(op, r);
                }
            }
        }
        assertTrue(sent >= 3, "examples of /reserve, /stream and /recordings: " + sent);
    }

    /**
     * A JSON body has the required fields of its documented schema; an error is a problem document with its status,
     * or the documented error shape of a reference service.
     */
    private void checkBody(Op op, HttpResponse<String> r) throws Exception {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (op.method().equals("head") || r.body().isEmpty()) return;
        JsonNode documentedError = op.node().path("responses").path(String.valueOf(r.statusCode())).path("content").path("application/json");
        if (r.statusCode() >= 400 && documentedError.has("schema")) {
            assertTrue(type.startsWith("application/json"), op + " " + r.statusCode() + " is its documented error shape: " + type);
            requireFields(op, schema(documentedError.path("schema")), JSON.readTree(r.body()));
            return;
        }
        if (r.statusCode() >= 400) {
            assertTrue(type.startsWith("application/problem+json"), op + " " + r.statusCode() + " is a problem document: " + type);
            assertEquals(r.statusCode(), JSON.readTree(r.body()).path("status").asInt(), op + ": " + r.body());
            return;
        }
        JsonNode documented = op.node().path("responses").path(String.valueOf(r.statusCode())).path("content");
        if (!type.startsWith("application/json")) {
            assertTrue(hasType(documented, type), op + " answered " + type + ", documented: " + documented);
            return;
        }
        JsonNode schema = schema(documented.path("application/json").path("schema"));
        JsonNode body = JSON.readTree(r.body());
        if (schema.path("type").asText().equals("array")) {
            assertTrue(body.isArray(), op + " answers an array: " + r.body());
            JsonNode items = schema(schema.path("items"));
            for (JsonNode item : body) requireFields(op, items, item);
        } else {
            requireFields(op, schema, body);
        }
    }

    /**
     * Whether the answer's {@code Content-Type} is one the document names: the same type and subtype, and every
     * parameter the document gives ({@code version=0.0.4}) with the same value, in any order and spacing.
     */
    private static boolean hasType(JsonNode content, String type) {
        Map<String, String> answered = mediaType(type);
        for (var it = content.fieldNames(); it.hasNext(); ) {
            if (answered.entrySet().containsAll(mediaType(it.next()).entrySet())) return true;
        }
        return false;
    }

    /** A media type as a map: {@code ""} to the lower-case type/subtype, each parameter's name to its value. */
    private static Map<String, String> mediaType(String value) {
        Map<String, String> out = new HashMap<>();
        String[] parts = value.split(";");
        out.put("", parts[0].trim().toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 0) continue;
            out.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    parts[i].substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static void requireFields(Op op, JsonNode schema, JsonNode body) {
        for (JsonNode field : schema.path("required")) {
            assertTrue(body.has(field.asText()), op + ": the answer lacks the required '" + field.asText() + "': " + body);
        }
        body.fieldNames().forEachRemaining(name -> assertTrue(!schema.has("properties") || schema.path("properties").has(name),
                op + ": the answer has '" + name + "', which its schema does not document"));
    }

    private JsonNode schema(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 4 && (s.has("$ref") || s.has("allOf")); i++) {
            if (s.has("allOf")) s = s.path("allOf").get(0);
            String ref = s.path("$ref").asText("");
            if (!ref.isEmpty()) s = doc.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return s;
    }

    private Op op(String method, String path) {
        return new Op(method, path, doc.path("paths").path(path).path(method));
    }
}
