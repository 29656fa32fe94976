package gateway.callstream.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Plivo's Audio Stream API under {@code /v1/Account/{auth_id}/Call/}: start, get, list and stop streams of a
 * call, and the list of live calls, with Plivo's shapes — HTTP Basic with the account's auth_id and auth_token,
 * JSON or form bodies, paths with or without the trailing slash, and {@code {"api_id", "error"}} errors (401
 * for bad credentials, 404 for an unknown call, 400 for a bad parameter or an inactive stream).
 */
@Component(service = StreamResource.class)
@JaxrsResource
@JSONRequired
@Path("/v1/Account/{auth_id}/Call")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamResource {

    private final CallStreamService service;

    @Activate
    public StreamResource(@Reference CallStreamService service) {
        this.service = service;
    }

    /**
     * The live calls (every live stream of the gateway), as Plivo lists live calls.
     *
     * @param status must be {@code live}
     */
    @GET
    public Map<String, Object> calls(@PathParam("auth_id") String authId, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                     @QueryParam("status") String status) {
        authorize(authId, auth);
        if (!"live".equals(status)) throw error(400, "only live calls can be listed here: add ?status=live");
        Map<String, Object> m = body();
        m.put("calls", service.liveCalls().stream().map(s -> s.id()).toList());
        return m;
    }

    /** Starts a stream; JSON body. */
    @POST
    @Path("{call_uuid}/Stream")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startJson(@PathParam("auth_id") String authId, @PathParam("call_uuid") String callId,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, String body) {
        authorize(authId, auth);
        Map<String, Object> params = new LinkedHashMap<>();
        if (body != null && !body.isBlank()) {
            JsonNode json;
            try {
                json = ForkMessages.JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw error(400, "the body is not valid JSON: " + e.getOriginalMessage());
            }
            if (!json.isObject()) throw error(400, "the body must be a JSON object");
            json.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isValueNode() && !e.getValue().isNull()
                    ? (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().isBoolean() ? (Object) e.getValue().asBoolean() : e.getValue().asText())
                    : e.getValue().isNull() ? null : e.getValue()));
        }
        return start(authId, callId, params);
    }

    /** Starts a stream; form body. */
    @POST
    @Path("{call_uuid}/Stream")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response startForm(@PathParam("auth_id") String authId, @PathParam("call_uuid") String callId,
                              @HeaderParam(HttpHeaders.AUTHORIZATION) String auth, MultivaluedMap<String, String> form) {
        authorize(authId, auth);
        Map<String, Object> params = new LinkedHashMap<>();
        if (form != null) form.forEach((k, v) -> params.put(k, v.isEmpty() ? null : v.get(0)));
        return start(authId, callId, params);
    }

    private Response start(String authId, String callId, Map<String, Object> params) {
        try {
            StreamRequest request = StreamRequest.parse(params);
            Fork f = service.start(authId, callId, request);
            Map<String, Object> m = body();
            m.put("message", "audio streaming started");
            m.put("stream_id", f.id);
            return Response.accepted(m).type(MediaType.APPLICATION_JSON).build();
        } catch (InvalidRequestException e) {
            throw error(400, e.getMessage());
        } catch (CallNotFoundException e) {
            throw error(404, e.getMessage());
        }
    }

    /** The streams of a call, with Plivo's paging. */
    @GET
    @Path("{call_uuid}/Stream")
    public Map<String, Object> list(@PathParam("auth_id") String authId, @PathParam("call_uuid") String callId,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                    @QueryParam("limit") String limitText, @QueryParam("offset") String offsetText) {
        authorize(authId, auth);
        int limit = number("limit", limitText, 20, 1, 20);
        int offset = number("offset", offsetText, 0, 0, Integer.MAX_VALUE);
        List<Fork> all;
        try {
            all = service.streams(authId, callId);
        } catch (CallNotFoundException e) {
            throw error(404, e.getMessage());
        }
        List<Map<String, Object>> page = all.stream().skip(offset).limit(limit).map(f -> object(authId, f)).toList();
        String base = "/v1/Account/" + authId + "/Call/" + callId + "/Stream/";
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("limit", limit);
        meta.put("next", offset + limit < all.size() ? base + "?limit=" + limit + "&offset=" + (offset + limit) : null);
        meta.put("offset", offset);
        meta.put("previous", offset > 0 ? base + "?limit=" + limit + "&offset=" + Math.max(0, offset - limit) : null);
        meta.put("total_count", all.size());
        Map<String, Object> m = body();
        m.put("meta", meta);
        m.put("objects", page);
        return m;
    }

    /** One stream. */
    @GET
    @Path("{call_uuid}/Stream/{stream_id}")
    public Map<String, Object> get(@PathParam("auth_id") String authId, @PathParam("call_uuid") String callId,
                                   @PathParam("stream_id") String streamId, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(authId, auth);
        try {
            Map<String, Object> m = body();
            m.putAll(object(authId, service.stream(authId, callId, streamId)));
            return m;
        } catch (CallNotFoundException | StreamNotFoundException e) {
            throw error(404, e.getMessage());
        }
    }

    /** Stops one stream: 204; 400 if it is not active. */
    @DELETE
    @Path("{call_uuid}/Stream/{stream_id}")
    public Response stop(@PathParam("auth_id") String authId, @PathParam("call_uuid") String callId,
                         @PathParam("stream_id") String streamId, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(authId, auth);
        try {
            service.stop(authId, callId, streamId);
            return Response.noContent().build();
        } catch (NoActiveStreamException e) {
            throw error(400, e.getMessage());
        } catch (CallNotFoundException e) {
            throw error(404, e.getMessage());
        }
    }

    /** Stops every stream of the call: 204. */
    @DELETE
    @Path("{call_uuid}/Stream")
    public Response stopAll(@PathParam("auth_id") String authId, @PathParam("call_uuid") String callId,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(authId, auth);
        try {
            service.stopAll(authId, callId);
            return Response.noContent().build();
        } catch (CallNotFoundException e) {
            throw error(404, e.getMessage());
        }
    }

    // ---- shapes

    private void authorize(String authId, String authorization) {
        if (service.accounts().permits(authorization, authId)) return;
        Map<String, Object> m = body();
        m.put("error", "Authentication failed: the auth_id and auth_token do not match this account");
        throw new WebApplicationException(Response.status(401).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"gateway.callstream\"").entity(m).build());
    }

    private static Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("api_id", UUID.randomUUID().toString());
        return m;
    }

    private static WebApplicationException error(int status, String message) {
        Map<String, Object> m = body();
        m.put("error", message);
        return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON).entity(m).build());
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
    private static Map<String, Object> object(String authId, Fork f) {
        Map<String, Object> m = new LinkedHashMap<>();
        StreamRequest r = f.request;
        Instant start = f.startedAt();
        Instant end = f.endedAt();
        long seconds = start == null ? 0 : Duration.between(start, end == null ? Instant.now() : end).toSeconds();
        m.put("audio_track", r.track().wire());
        m.put("bidirectional", r.bidirectional());
        m.put("bill_duration", seconds);
        m.put("billed_amount", "0.00000");
        m.put("call_uuid", f.callId);
        m.put("content_type", r.format().contentType());
        m.put("created_at", Times.plivoMicros(f.createdAt));
        m.put("end_time", Times.plivo(end));
        m.put("plivo_auth_id", authId);
        m.put("resource_uri", "/v1/Account/" + authId + "/Call/" + f.callId + "/Stream/" + f.id + "/");
        m.put("rounded_bill_duration", (seconds + 59) / 60 * 60);
        m.put("service_url", r.serviceUrl().toString());
        m.put("start_time", Times.plivo(start));
        m.put("stream_id", f.id);
        m.put("status", f.state().wire());
        m.put("stream_timeout", r.timeoutSeconds());
        m.put("status_callback_url", r.callbackUrl() == null ? null : r.callbackUrl().toString());
        m.put("status_callback_method", r.callbackMethod());
        m.put("extra_headers", r.extraHeaders());
        if (f.endReason() != null) m.put("end_reason", f.endReason());
        String reply = f.replyStreamId();
        if (reply != null) m.put("reply_stream", reply);
        return m;
    }
}
