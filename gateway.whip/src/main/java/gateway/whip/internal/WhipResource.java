package gateway.whip.internal;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Each bridge's WHIP endpoint on the gateway's own HTTP port, {@code /whip/{bridge}} (the URL in the
 * {@code Location} of {@code POST /stream}), with the same protocol as the per-port endpoint; and the
 * list of bridges for operators. Refusals of the WHIP protocol ({@link WhipException}) are answered here
 * with the same problem documents as on the pool ports ({@link WhipProblem}).
 */
@Component(service = WhipResource.class)
@JaxrsResource
@JSONRequired
@Path("/whip")
public final class WhipResource {
    private static final Map<String, List<String>> CORS = Map.of("Access-Control-Allow-Origin", List.of("*"));
    private final WhipBridges bridges;

    @Activate
    public WhipResource(@Reference WhipBridges bridges) {
        this.bridges = bridges;
    }

    /** @return the running bridges: id, port, state, SRT target, live stream, packets */
    @GET
    @Management
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        return bridges.list();
    }

    /**
     * @param bridge the bridge id
     * @return the ICE servers and what the endpoint accepts
     */
    @OPTIONS
    @Path("{bridge}")
    public Response options(@PathParam("bridge") String bridge) {
        return answer(() -> bridges.endpoint().options(bridges.get(bridge)));
    }

    /**
     * @param bridge the bridge id
     * @return the session's ICE servers
     */
    @OPTIONS
    @Path("{bridge}/{session}")
    public Response sessionOptions(@PathParam("bridge") String bridge) {
        return answer(() -> bridges.endpoint().options(bridges.get(bridge)));
    }

    /**
     * Publishes: answers an SDP offer (RFC 9725).
     *
     * @param bridge        the bridge id
     * @param contentType   must be application/sdp
     * @param authorization bearer token, when the gateway requires one
     * @param body          the SDP offer
     * @return 201 with the SDP answer, Location, ETag and Link headers
     */
    @POST
    @Path("{bridge}")
    @Consumes(MediaType.WILDCARD)
    @Produces({WhipEndpoint.SDP, "application/problem+json"})
    public Response publish(@PathParam("bridge") String bridge, @HeaderParam("Content-Type") String contentType,
                            @HeaderParam("Authorization") String authorization, InputStream body) {
        return answer(() -> {
            Bridge b = bridges.get(bridge);
            return bridges.endpoint().post(b, contentType, authorization, read(body), "/whip/" + b.id());
        });
    }

    /**
     * Ends the WHIP session and its bridge.
     *
     * @param bridge        the bridge id
     * @param session       the session id (from Location)
     * @param authorization bearer token, when the gateway requires one
     * @return 200
     */
    @DELETE
    @Path("{bridge}/{session}")
    public Response delete(@PathParam("bridge") String bridge, @PathParam("session") String session,
                           @HeaderParam("Authorization") String authorization) {
        return answer(() -> bridges.endpoint().delete(bridges.get(bridge), session, authorization));
    }

    /**
     * Trickle ICE: adds the publisher's late candidates.
     *
     * @param bridge        the bridge id
     * @param session       the session id
     * @param contentType   must be application/trickle-ice-sdpfrag
     * @param ifMatch       the session's ETag (or *)
     * @param authorization bearer token, when the gateway requires one
     * @param body          the SDP fragment
     * @return 204; 422 for an ICE restart
     */
    @PATCH
    @Path("{bridge}/{session}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@PathParam("bridge") String bridge, @PathParam("session") String session,
                          @HeaderParam("Content-Type") String contentType, @HeaderParam("If-Match") String ifMatch,
                          @HeaderParam("Authorization") String authorization, InputStream body) {
        return answer(() -> bridges.endpoint().patch(bridges.get(bridge), session, contentType, ifMatch, authorization, read(body)));
    }

    /** The protocol's reply, or the problem document for its refusal (other failures go to the gateway's mapper). */
    private static Response answer(Supplier<WhipEndpoint.Reply> call) {
        try {
            return reply(call.get());
        } catch (WhipException e) {
            return WhipProblem.of(e).with(CORS).response();
        }
    }

    private static Response reply(WhipEndpoint.Reply reply) {
        Response.ResponseBuilder r = Response.status(reply.status());
        reply.headers().forEach((k, v) -> v.forEach(value -> r.header(k, value)));
        r.header("Cache-Control", "no-store");
        if (reply.body() != null) r.type(reply.contentType()).entity(reply.body().getBytes(StandardCharsets.UTF_8));
        return r.build();
    }

    private static String read(InputStream body) {
        if (body == null) return "";
        try {
            byte[] b = body.readNBytes(SdpOffer.MAX_BYTES + 1);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ProblemException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }
}
