package gateway.sessions.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.RoomException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The session-storage API at {@code /session-storage/sessions}: create, list, get, delete and extend streaming
 * sessions, authenticated by the {@code ClientID} and {@code ClientSecret} headers, with the original's request,
 * response and error shapes. Thin: it parses, asks {@link SessionStore}, and shapes the answer.
 */
@Component(service = SessionsResource.class)
@JaxrsResource
@JSONRequired
@Path("/session-storage/sessions")
@Produces(MediaType.APPLICATION_JSON)
public final class SessionsResource {
    static final String CONTROL_PATH = ControlEndpoint.PATH;
    static final int DEFAULT_PAGE = 20, MAX_PAGE = 100;
    private static final String JSON_TYPE = MediaType.APPLICATION_JSON;
    private static final String AUTH = " Authenticated by the ClientID and ClientSecret headers.";

    private final SessionStore store;

    @Context
    UriInfo uri;

    @Activate
    public SessionsResource(@Reference SessionStore store) {
        this.store = store;
    }

    @Operation(summary = "Create a streaming session", description = "Creates a room with one publisher and up to 10 subscribers, "
            + "and returns their LiveKit access tokens, where they join (stream_url: WHIP at stream_url/whip, WHEP at "
            + "stream_url/whep/{track}) and the control WebSocket (control_url?token=<token>)." + AUTH,
            requestBody = @RequestBody(required = true, content = @Content(mediaType = JSON_TYPE, examples = @ExampleObject(
                    value = "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 3, \"publisher_can_subscribe\": false, \"intent\": \"demo\"}}"))),
            responses = {
                @ApiResponse(responseCode = "200", description = "The session and its tokens", content = @Content(mediaType = JSON_TYPE,
                        examples = @ExampleObject(value = "{\"ok\": true, \"data\": {\"publisher\": [\"eyJ…\"], \"subscriber\": [\"eyJ…\"], "
                                + "\"room_name\": \"session-3f2c9a1b-0d4e\", \"stream_url\": \"http://localhost:8080/rtc/room\", "
                                + "\"control_url\": \"ws://localhost:8080/speech-to-speech/stream\", \"id\": \"3f2c9a1b-0d4e-4c1a-9f7e-1a2b3c4d5e6f\", \"intent\": \"demo\"}}"))),
                @ApiResponse(responseCode = "400", description = "Not JSON, or no data object", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "401", description = "Unknown client or wrong secret", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "422", description = "Counts out of range (exactly 1 publisher, 0 to 10 subscribers) or wrong types",
                        content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "429", description = "The client holds its limit of open sessions", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class)))})
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@HeaderParam("ClientID") String clientId, @HeaderParam("ClientSecret") String secret, String body) {
        String instance = "/session-storage/sessions";
        authenticate(clientId, secret, instance);
        JsonNode data = CreateRequest.data(body, instance);
        CreateRequest request = CreateRequest.of(data, instance);
        SessionStore.Created created;
        try {
            created = store.create(clientId, request.publishers(), request.subscribers(), request.publisherCanSubscribe(), request.intent());
        } catch (IllegalStateException limit) {
            throw SessionApiError.tooMany(limit.getMessage(), instance);
        } catch (RoomException e) {
            throw SessionApiError.unavailable(e.getMessage(), instance);
        }
        URI base = uri.getBaseUri();
        String authority = base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
        String wsScheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        ObjectNode out = SessionApiError.JSON.createObjectNode();
        ArrayNode pubs = out.putArray("publisher");
        created.publisherTokens().forEach(pubs::add);
        ArrayNode subs = out.putArray("subscriber");
        created.subscriberTokens().forEach(subs::add);
        out.put("room_name", created.session().room);
        out.put("stream_url", base.getScheme() + "://" + authority + "/rtc/room");
        out.put("control_url", wsScheme + "://" + authority + CONTROL_PATH);
        out.put("id", created.session().id);
        out.put("intent", created.session().intent);
        ObjectNode root = SessionApiError.JSON.createObjectNode().put("ok", true);
        root.set("data", out);
        return Response.ok(root.toString(), JSON_TYPE).build();
    }

    @Operation(summary = "List the client's sessions", description = "Oldest first, page_size at a time (default 20, at most 100); "
            + "next_page_token, when present, fetches the next page." + AUTH,
            responses = {
                @ApiResponse(responseCode = "200", description = "A page", content = @Content(mediaType = JSON_TYPE, examples = @ExampleObject(
                        value = "{\"ok\": true, \"data\": [{\"id\": \"3f2c…\", \"created_at\": \"2026-01-01T10:00:00Z\", \"updated_at\": \"2026-01-01T10:00:00Z\", "
                                + "\"expires_at\": \"2026-01-01T10:10:00Z\"}], \"next_page_token\": null}"))),
                @ApiResponse(responseCode = "400", description = "page_size out of range or a page_token this API did not hand out",
                        content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
                @ApiResponse(responseCode = "401", description = "Unknown client or wrong secret", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class)))})
    @GET
    public Response list(@HeaderParam("ClientID") String clientId, @HeaderParam("ClientSecret") String secret,
                         @Parameter(description = "Sessions per page, 1 to 100 (default 20)") @QueryParam("page_size") String pageSize,
                         @Parameter(description = "The previous page's next_page_token") @QueryParam("page_token") String pageToken) {
        String instance = "/session-storage/sessions";
        authenticate(clientId, secret, instance);
        int size = DEFAULT_PAGE;
        if (pageSize != null) {
            try {
                size = Integer.parseInt(pageSize.trim());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE) throw SessionApiError.badRequest("page_size must be 1 to " + MAX_PAGE + ", not " + pageSize, instance);
        }
        SessionStore.Page page;
        try {
            page = store.list(clientId, size, pageToken);
        } catch (IllegalArgumentException e) {
            throw SessionApiError.badRequest(e.getMessage(), instance);
        }
        ObjectNode root = SessionApiError.JSON.createObjectNode().put("ok", true);
        ArrayNode data = root.putArray("data");
        page.sessions().forEach(s -> data.add(SessionApiError.JSON.valueToTree(ordered(s.view()))));
        root.put("next_page_token", page.nextPageToken());
        return Response.ok(root.toString(), JSON_TYPE).build();
    }

    @Operation(summary = "Get a session", description = "Its id, creation, last update and expiry." + AUTH, responses = {
        @ApiResponse(responseCode = "200", description = "The session"),
        @ApiResponse(responseCode = "401", description = "Unknown client or wrong secret", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
        @ApiResponse(responseCode = "404", description = "No such session of this client", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class)))})
    @GET
    @Path("{id}")
    public Response get(@HeaderParam("ClientID") String clientId, @HeaderParam("ClientSecret") String secret, @PathParam("id") String id) {
        String instance = "/session-storage/sessions/" + id;
        authenticate(clientId, secret, instance);
        StreamingSession s = store.get(clientId, id).orElseThrow(() -> SessionApiError.notFound(id, instance));
        ObjectNode root = SessionApiError.JSON.createObjectNode().put("ok", true);
        root.set("data", SessionApiError.JSON.valueToTree(ordered(s.view())));
        return Response.ok(root.toString(), JSON_TYPE).build();
    }

    @Operation(summary = "Delete a session", description = "Ends it: its task, its control sockets and its room (every participant leaves)." + AUTH, responses = {
        @ApiResponse(responseCode = "204", description = "Deleted"),
        @ApiResponse(responseCode = "401", description = "Unknown client or wrong secret", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
        @ApiResponse(responseCode = "404", description = "No such session of this client", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class)))})
    @DELETE
    @Path("{id}")
    public Response delete(@HeaderParam("ClientID") String clientId, @HeaderParam("ClientSecret") String secret, @PathParam("id") String id) {
        String instance = "/session-storage/sessions/" + id;
        authenticate(clientId, secret, instance);
        if (!store.delete(clientId, id)) throw SessionApiError.notFound(id, instance);
        return Response.noContent().build();
    }

    @Operation(summary = "Extend a session", description = "Moves its expiry to ttl_seconds from now." + AUTH, responses = {
        @ApiResponse(responseCode = "204", description = "Extended"),
        @ApiResponse(responseCode = "400", description = "ttl_seconds missing or not a number", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
        @ApiResponse(responseCode = "401", description = "Unknown client or wrong secret", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
        @ApiResponse(responseCode = "404", description = "No such session of this client", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class))),
        @ApiResponse(responseCode = "422", description = "ttl_seconds out of range", content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ErrorBody.class)))})
    @POST
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public Response extend(@HeaderParam("ClientID") String clientId, @HeaderParam("ClientSecret") String secret, @PathParam("id") String id,
                           @Parameter(description = "Seconds from now until the session expires") @QueryParam("ttl_seconds") String ttl) {
        String instance = "/session-storage/sessions/" + id;
        authenticate(clientId, secret, instance);
        if (ttl == null || ttl.isBlank()) throw SessionApiError.badRequest("ttl_seconds is required", instance);
        long seconds;
        try {
            seconds = Long.parseLong(ttl.trim());
        } catch (NumberFormatException e) {
            throw SessionApiError.badRequest("ttl_seconds must be a whole number of seconds, not " + ttl, instance);
        }
        if (seconds < 1 || seconds > store.maxTtlSeconds()) {
            throw SessionApiError.invalid("ttl_seconds must be 1 to " + store.maxTtlSeconds() + ", not " + seconds, instance);
        }
        if (!store.extend(clientId, id, (int) seconds)) throw SessionApiError.notFound(id, instance);
        return Response.noContent().build();
    }

    private void authenticate(String clientId, String secret, String instance) {
        if (!store.permits(clientId, secret)) throw SessionApiError.unauthorized(instance);
    }

    private static Map<String, Object> ordered(Map<String, Object> view) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String k : new String[] {"id", "created_at", "updated_at", "expires_at"}) m.put(k, view.get(k));
        return m;
    }
}
