package gateway.openapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.http.Management;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HEAD;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    record Credentials(String token, Instant expiresAt) {}

    record Reservation(Credentials credentials, int port, List<String> tags, Map<String, Integer> counts) {}

    record ReserveRequest(String event, String format, boolean record) {}

    enum State { LIVE, ENDED }

    public static final class Bean {
        public String getName() { return "x"; }
        public boolean isActive() { return true; }
        public State getState() { return State.LIVE; }
    }

    @Path("/reserve")
    @Produces("application/json")
    public static class ReserveResource {
        @POST
        public Reservation reserve(ReserveRequest request) { return null; }

        @GET
        @Path("{id: [0-9a-f-]+}")
        public Reservation one(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("10") int limit) { return null; }

        @DELETE
        @Path("{id}")
        @Management
        public void cancel(@PathParam("id") String id) { }
    }

    @Path("/events")
    public static class EventsResource {
        @GET
        @Produces("text/event-stream")
        public void events(@Context SseEventSink sink, @Context Sse sse) { }
    }

    @Path("ping")
    public static class PingResource {
        @GET public Response ping() { return null; }
        @HEAD public Response head() { return null; }
    }

    @Management
    @Path("/beans")
    public static class BeanResource {
        @GET public List<Bean> list() { return null; }
    }

    /** JAX-RS annotations on an interface, the whiteboard service implements it. */
    @Path("/tokens")
    public interface TokenApi {
        @GET
        @Path("{name}")
        @Produces("application/json")
        Credentials token(@PathParam("name") String name, @HeaderParam("X-Trace") String trace);
    }

    public static class TokenResource implements TokenApi {
        @Override
        public Credentials token(String name, String trace) { return null; }

        @GET
        @Path("later")
        @Produces("application/json")
        public void later(@Suspended AsyncResponse response) { }
    }

    /** Another class named Credentials: it must not overwrite the first one's schema. */
    static final class Other {
        record Credentials(long id) {}
    }

    @Path("/other")
    public static class OtherResource {
        @GET @Produces("application/json") public Other.Credentials get() { return null; }
    }

    private static JsonNode doc() {
        return OpenApiDocument.build("1.0.0", List.of(
                new OpenApiDocument.Resource(ReserveResource.class, "", "gateway.srt"),
                new OpenApiDocument.Resource(EventsResource.class, "/", "gateway.core"),
                new OpenApiDocument.Resource(PingResource.class, "", "gateway.core"),
                new OpenApiDocument.Resource(BeanResource.class, "", "gateway.core"),
                new OpenApiDocument.Resource(TokenResource.class, "", "gateway.example"),
                new OpenApiDocument.Resource(OtherResource.class, "", "gateway.example")));
    }

    @Test
    void describesPathsMethodsAndParameters() {
        JsonNode d = doc();
        assertEquals("3.0.3", d.path("openapi").asText());
        JsonNode paths = d.path("paths");
        assertTrue(paths.has("/reserve"));
        assertTrue(paths.has("/reserve/{id}"), "regex stripped from the template: " + paths);
        assertTrue(paths.path("/reserve/{id}").has("get"));
        assertTrue(paths.path("/reserve/{id}").has("delete"));
        assertTrue(paths.path("/ping").has("get"));
        assertTrue(paths.path("/ping").has("head"));
        JsonNode params = paths.path("/reserve/{id}").path("get").path("parameters");
        assertEquals("id", params.get(0).path("name").asText());
        assertEquals("path", params.get(0).path("in").asText());
        assertTrue(params.get(0).path("required").asBoolean());
        assertEquals("limit", params.get(1).path("name").asText());
        assertEquals("query", params.get(1).path("in").asText());
        assertEquals("10", params.get(1).path("schema").path("default").asText());
        assertEquals("integer", params.get(1).path("schema").path("type").asText());
        assertEquals("gateway.srt", paths.path("/reserve").path("post").path("tags").get(0).asText());
    }

    @Test
    void describesBodiesAndResponsesWithSchemas() {
        JsonNode d = doc();
        JsonNode post = d.path("paths").path("/reserve").path("post");
        assertEquals("#/components/schemas/ReserveRequest",
                post.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/Reservation",
                post.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText());
        JsonNode schemas = d.path("components").path("schemas");
        JsonNode reservation = schemas.path("Reservation").path("properties");
        String credentials = reservation.path("credentials").path("$ref").asText();
        assertTrue(credentials.startsWith("#/components/schemas/Credentials"), credentials);
        assertEquals("integer", reservation.path("port").path("type").asText());
        assertEquals("array", reservation.path("tags").path("type").asText());
        assertEquals("string", reservation.path("tags").path("items").path("type").asText());
        assertEquals("integer", reservation.path("counts").path("additionalProperties").path("type").asText());
        assertEquals("date-time", schemas.path(credentials.substring(credentials.lastIndexOf('/') + 1)).path("properties").path("expiresAt").path("format").asText());
        assertEquals("boolean", schemas.path("ReserveRequest").path("properties").path("record").path("type").asText());
        JsonNode bean = schemas.path("Bean").path("properties");
        assertEquals("string", bean.path("name").path("type").asText());
        assertEquals("boolean", bean.path("active").path("type").asText());
        assertEquals("LIVE", bean.path("state").path("enum").get(0).asText());
        assertTrue(d.path("paths").path("/reserve/{id}").path("delete").path("responses").has("204"));
        assertEquals("#/components/schemas/Problem", post.path("responses").path("default").path("content")
                .path("application/problem+json").path("schema").path("$ref").asText());
    }

    @Test
    void marksManagementEndpointsAndServerSentEvents() {
        JsonNode d = doc();
        assertTrue(d.path("paths").path("/reserve/{id}").path("delete").has("security"));
        assertFalse(d.path("paths").path("/reserve/{id}").path("get").has("security"));
        assertTrue(d.path("paths").path("/beans").path("get").has("security"), "class-level marker");
        assertEquals("bearer", d.path("components").path("securitySchemes").path("bearerAuth").path("scheme").asText());
        JsonNode sse = d.path("paths").path("/events").path("get");
        assertTrue(sse.path("responses").path("200").path("content").has("text/event-stream"));
        assertFalse(sse.has("requestBody"), "@Context parameters are not a body");
    }

    @Test
    void readsInheritedAnnotationsAndAsyncMethods() {
        JsonNode d = doc();
        JsonNode get = d.path("paths").path("/tokens/{name}").path("get");
        assertEquals("TokenResource.token", get.path("operationId").asText());
        assertEquals("gateway.example", get.path("tags").get(0).asText());
        assertEquals("X-Trace", get.path("parameters").get(1).path("name").asText());
        assertEquals("header", get.path("parameters").get(1).path("in").asText());
        String first = get.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText();
        JsonNode later = d.path("paths").path("/tokens/later").path("get");
        assertTrue(later.path("responses").has("200"), "@Suspended: answers later, with a body");
        assertFalse(later.has("requestBody"));
        String second = d.path("paths").path("/other").path("get").path("responses")
                .path("200").path("content").path("application/json").path("schema").path("$ref").asText();
        assertTrue(first.startsWith("#/components/schemas/Credentials"), first);
        assertTrue(second.startsWith("#/components/schemas/Credentials"), second);
        assertFalse(first.equals(second), "two classes named Credentials get two schemas");
        JsonNode schemas = d.path("components").path("schemas");
        assertTrue(schemas.path(first.substring(first.lastIndexOf('/') + 1)).path("properties").has("token"));
        assertEquals("integer", schemas.path(second.substring(second.lastIndexOf('/') + 1)).path("properties").path("id").path("type").asText());
    }

    @Test
    void operationIdsAreUnique() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode item : doc().path("paths")) {
            for (JsonNode op : item) assertTrue(ids.add(op.path("operationId").asText()), "unique: " + op.path("operationId"));
        }
        assertTrue(ids.contains("ReserveResource.reserve"));
    }

    @Test
    void joinsPaths() {
        assertEquals("/a/b/{id}", OpenApiDocument.join("/", "a/", "/b", "{id : \\d+}"));
        assertEquals("/", OpenApiDocument.join("", "/", ""));
    }
}
