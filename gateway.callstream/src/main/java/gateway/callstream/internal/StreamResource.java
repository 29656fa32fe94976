package gateway.callstream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Plivo's Audio Stream API under {@code /v1/Account/{auth_id}/Call/}: start, get, list and stop streams of a call,
 * and the list of live calls, with Plivo's shapes — HTTP Basic with the account's auth_id and auth_token, JSON or
 * form bodies, paths with or without the trailing slash, and {@code {"api_id", "error"}} errors. Thin: it parses,
 * asks {@link CallStreamService}, and turns its refusals ({@link CallStreamException}) into Plivo's statuses here,
 * in {@link #refusal}.
 */
@Component(service = StreamResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/Account/{auth_id}/Call")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamResource {
    static final String STARTED = "audio streaming started";
    private static final String JSON_TYPE = MediaType.APPLICATION_JSON;
    /** The most streams a list page holds, as at Plivo. */
    static final int MAX_PAGE = 20;

    private static final String AUTH = "HTTP Basic with the account's auth_id and auth_token, as Plivo's SDKs send them.";
    private static final String AUTH_ID = "The account's auth_id (it must be the one the credentials are for)";
    private static final String CALL = "The call: the id of a live stream of the gateway (GET …/Call/?status=live lists them)";
    private static final String EXAMPLE_ACCOUNT = "MAXXXXXXXXXXXXXXXXXX";
    private static final String EXAMPLE_CALL = "506f0d9f-5961-4c3f-b595-732b36c24e29";
    private static final String EXAMPLE_STREAM = "b7b69074-58be-11e1-86da-adf28403fe48";

    private final CallStreamService service;

    @Activate
    public StreamResource(@Reference CallStreamService service) {
        this.service = service;
    }

    @Operation(summary = "List the live calls", description = "The calls whose audio can be streamed now: every live stream of the "
            + "gateway (an SRT ingest, a WHIP bridge, …), as Plivo lists live calls. Only ?status=live is supported. " + AUTH,
            responses = {
                @ApiResponse(responseCode = "200", description = "The live calls"),
                @ApiResponse(responseCode = "400", description = "status is not live", content = @Content(mediaType = JSON_TYPE,
                        schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "401", description = "Wrong credentials, or another account's auth_id", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class)))})
    @GET
    public ApiBodies.LiveCalls calls(@Parameter(description = AUTH_ID, example = EXAMPLE_ACCOUNT) @PathParam("auth_id") String authId,
                                     @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                     @Parameter(description = "Must be live", example = "live") @QueryParam("status") String status) {
        authorize(authId, auth);
        if (!"live".equals(status)) throw error(400, "only live calls can be listed here: add ?status=live");
        return new ApiBodies.LiveCalls(apiId(), service.liveCalls().stream().map(s -> s.id()).toList());
    }

    @Operation(summary = "Start a stream of a call", description = "Starts forking the call's audio to the WebSocket service_url, "
            + "which the gateway dials: a start message, then 20 ms media chunks in the content_type asked for; on a bidirectional "
            + "stream the service may play audio back into the call. The answer comes at once; StartStream (or DroppedStream) "
            + "goes to the status callback when the connection is made (or fails). JSON or form-encoded. " + AUTH,
            responses = {
                @ApiResponse(responseCode = "201", description = "The stream was created; the gateway dials the service",
                        content = @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Started.class))),
                @ApiResponse(responseCode = "400", description = "A bad parameter (named in the error), or a stream to the same "
                        + "service_url (or a second bidirectional one) already active on the call", content = @Content(mediaType = JSON_TYPE,
                        schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "401", description = "Wrong credentials, or another account's auth_id", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "404", description = "No live call with this id", content = @Content(mediaType = JSON_TYPE,
                        schema = @Schema(implementation = ApiBodies.Error.class)))})
    @POST
    @Path("{call_uuid}/Stream")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    public Response start(@Parameter(description = AUTH_ID, example = EXAMPLE_ACCOUNT) @PathParam("auth_id") String authId,
                          @Parameter(description = CALL, example = EXAMPLE_CALL) @PathParam("call_uuid") String callId,
                          @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                          @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                          @RequestBody(required = true, content = {
                              @Content(mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.StartParameters.class),
                                      examples = @ExampleObject(name = "reference", summary = "The reference's curl request",
                                              value = "{\"service_url\": \"wss://mystream.ngrok.io/audiostream\", \"bidirectional\": true, "
                                                      + "\"status_callback_url\": \"https://webhook.site/22ffd771-4337-4f5e-b9e0-00c24bd2c119\"}")),
                              @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                      schema = @Schema(implementation = ApiBodies.StartParameters.class),
                                      examples = @ExampleObject(name = "form", summary = "L16 at 16 kHz, both tracks",
                                              value = "service_url=wss%3A%2F%2Fmystream.example.com%2Faudiostream&audio_track=both"
                                                      + "&content_type=audio%2Fx-l16%3Brate%3D16000"))}) String body) {
        authorize(authId, auth);
        Fork f = answer(() -> service.start(authId, callId, StreamRequest.parse(parameters(contentType, body))));
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                .entity(new ApiBodies.Started(apiId(), STARTED, f.id)).build();
    }

    @Operation(summary = "List the streams of a call", description = "The account's streams of the call, live and recently ended, "
            + "oldest first, with Plivo's paging (meta). " + AUTH,
            responses = {
                @ApiResponse(responseCode = "200", description = "A page of streams"),
                @ApiResponse(responseCode = "400", description = "limit or offset out of range", content = @Content(mediaType = JSON_TYPE,
                        schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "401", description = "Wrong credentials, or another account's auth_id", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "404", description = "No live call with this id, and none the account streamed", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class)))})
    @GET
    @Path("{call_uuid}/Stream")
    public ApiBodies.StreamList list(@Parameter(description = AUTH_ID, example = EXAMPLE_ACCOUNT) @PathParam("auth_id") String authId,
                                     @Parameter(description = CALL, example = EXAMPLE_CALL) @PathParam("call_uuid") String callId,
                                     @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                     @Parameter(description = "Streams per page, 1–20 (default 20)") @QueryParam("limit") String limitText,
                                     @Parameter(description = "Streams to skip (default 0)") @QueryParam("offset") String offsetText) {
        authorize(authId, auth);
        int limit = number("limit", limitText, MAX_PAGE, 1, MAX_PAGE);
        int offset = number("offset", offsetText, 0, 0, Integer.MAX_VALUE);
        List<Fork> all = answer(() -> service.streams(authId, callId));
        String base = "/v1/Account/" + authId + "/Call/" + callId + "/Stream/";
        ApiBodies.Meta meta = new ApiBodies.Meta(limit,
                offset + limit < all.size() ? base + "?limit=" + limit + "&offset=" + (offset + limit) : null, offset,
                offset > 0 ? base + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit) : null, all.size());
        return new ApiBodies.StreamList(apiId(), meta, all.stream().skip(offset).limit(limit).map(f -> object(null, authId, f)).toList());
    }

    @Operation(summary = "Get a stream", description = "One stream of the call: its parameters, status (connecting, streaming, stopped, "
            + "dropped), times and, once ended, why. " + AUTH,
            responses = {
                @ApiResponse(responseCode = "200", description = "The stream"),
                @ApiResponse(responseCode = "401", description = "Wrong credentials, or another account's auth_id", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "404", description = "No such call or stream (of this account)", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class)))})
    @GET
    @Path("{call_uuid}/Stream/{stream_id}")
    public ApiBodies.StreamObject get(@Parameter(description = AUTH_ID, example = EXAMPLE_ACCOUNT) @PathParam("auth_id") String authId,
                                      @Parameter(description = CALL, example = EXAMPLE_CALL) @PathParam("call_uuid") String callId,
                                      @Parameter(description = "The stream", example = EXAMPLE_STREAM) @PathParam("stream_id") String streamId,
                                      @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(authId, auth);
        return object(apiId(), authId, answer(() -> service.stream(authId, callId, streamId)));
    }

    @Operation(summary = "Stop a stream", description = "Stops one stream: the rest of its buffered audio is sent, the WebSocket closed "
            + "normally, and StopStream goes to the status callback. " + AUTH,
            responses = {
                @ApiResponse(responseCode = "204", description = "Stopped"),
                @ApiResponse(responseCode = "400", description = "No active stream found: unknown, or already ended", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "401", description = "Wrong credentials, or another account's auth_id", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "404", description = "No live call with this id, and none the account streamed", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class)))})
    @DELETE
    @Path("{call_uuid}/Stream/{stream_id}")
    public Response stop(@Parameter(description = AUTH_ID, example = EXAMPLE_ACCOUNT) @PathParam("auth_id") String authId,
                         @Parameter(description = CALL, example = EXAMPLE_CALL) @PathParam("call_uuid") String callId,
                         @Parameter(description = "The stream", example = EXAMPLE_STREAM) @PathParam("stream_id") String streamId,
                         @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(authId, auth);
        answer(() -> {
            service.stop(authId, callId, streamId);
            return null;
        });
        return Response.noContent().build();
    }

    @Operation(summary = "Stop every stream of a call", description = "Stops all the account's active streams of the call, each as "
            + "a stop of one stream does. " + AUTH,
            responses = {
                @ApiResponse(responseCode = "204", description = "Stopped (also when none was active)"),
                @ApiResponse(responseCode = "401", description = "Wrong credentials, or another account's auth_id", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class))),
                @ApiResponse(responseCode = "404", description = "No live call with this id, and none the account streamed", content = @Content(
                        mediaType = JSON_TYPE, schema = @Schema(implementation = ApiBodies.Error.class)))})
    @DELETE
    @Path("{call_uuid}/Stream")
    public Response stopAll(@Parameter(description = AUTH_ID, example = EXAMPLE_ACCOUNT) @PathParam("auth_id") String authId,
                            @Parameter(description = CALL, example = EXAMPLE_CALL) @PathParam("call_uuid") String callId,
                            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(authId, auth);
        answer(() -> {
            service.stopAll(authId, callId);
            return null;
        });
        return Response.noContent().build();
    }

    // ---- the edge: Plivo's statuses and shapes

    /** A call into the service, which may refuse. */
    private interface ServiceCall<T> {
        T run() throws CallStreamException;
    }

    /** @return what the call returns; a refusal becomes Plivo's status and error body */
    private static <T> T answer(ServiceCall<T> call) {
        try {
            return call.run();
        } catch (CallStreamException e) {
            throw refusal(e);
        }
    }

    /** The one place where the service's refusals become Plivo's statuses. */
    static WebApplicationException refusal(CallStreamException e) {
        int status = switch (e) {
            case InvalidRequestException x -> 400;
            case NoActiveStreamException x -> 400;
            case CallNotFoundException x -> 404;
            case ForkNotFoundException x -> 404;
        };
        return error(status, e.getMessage());
    }

    private void authorize(String authId, String authorization) {
        if (service.accounts().permits(authorization, authId)) return;
        throw new WebApplicationException(Response.status(401).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"gateway.callstream\"")
                .entity(new ApiBodies.Error(apiId(), "Authentication failed: the auth_id and auth_token do not match this account")).build());
    }

    private static String apiId() {
        return UUID.randomUUID().toString();
    }

    private static WebApplicationException error(int status, String message) {
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiBodies.Error(apiId(), message)).build());
    }

    /** The body's parameters: a JSON object, or a form. */
    private static Map<String, Object> parameters(String contentType, String body) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (body == null || body.isBlank()) return params;
        boolean form = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED);
        if (form) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                try {
                    String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    params.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw error(400, "the form body is not URL-encoded correctly near '" + (pair.length() > 40 ? pair.substring(0, 40) : pair) + "'");
                }
            }
            return params;
        }
        JsonNode json;
        try {
            json = ForkMessages.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw error(400, "the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (json == null || !json.isObject()) throw error(400, "the body must be a JSON object");
        json.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            params.put(e.getKey(), v.isNull() ? null : v.isBoolean() ? (Object) v.asBoolean() : v.isValueNode() ? v.asText() : v);
        });
        return params;
    }

    private static int number(String name, String text, int fallback, int min, int max) {
        if (text == null || text.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error(400, name + " must be an integer from " + min + " to " + max + ", not '" + text + "'");
    }

    /** A stream as Plivo shows it; billing fields are zero (the gateway bills nothing). */
    private static ApiBodies.StreamObject object(String apiId, String authId, Fork f) {
        StreamRequest r = f.request;
        Instant start = f.startedAt();
        Instant end = f.endedAt();
        long seconds = start == null ? 0 : Duration.between(start, end == null ? Instant.now() : end).toSeconds();
        return new ApiBodies.StreamObject(apiId, r.track().wire(), r.bidirectional(), seconds, "0.00000", f.callId,
                r.format().contentType(), Times.plivoMicros(f.createdAt), Times.plivo(end), authId,
                "/v1/Account/" + authId + "/Call/" + f.callId + "/Stream/" + f.id + "/", (seconds + 59) / 60 * 60,
                r.serviceUrl().toString(), Times.plivo(start), f.id, f.state().wire(), r.timeoutSeconds(),
                r.callbackUrl() == null ? null : r.callbackUrl().toString(), r.callbackMethod(), r.extraHeaders(), f.endReason(),
                f.replyStreamId());
    }
}
