package gateway.whip.internal;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @Operation(summary = "List WHIP bridges",
            description = "The running bridges: id, port, state, SRT target, the live stream they publish, packets.",
            responses = @ApiResponse(responseCode = "200", description = "The bridges"))
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
    @Operation(summary = "WHIP endpoint: ICE servers and CORS preflight",
            description = "Answers browsers' CORS preflights and tells a WHIP client what the endpoint accepts and which ICE "
                    + "servers to use (RFC 9725).",
            responses = {
                @ApiResponse(responseCode = "204", description = "What the endpoint accepts",
                        headers = {@Header(name = "Accept-Post", description = "`application/sdp`"),
                                   @Header(name = "Link", description = "The STUN server, `<stun:host:port>; rel=\"ice-server\"`")}),
                @ApiResponse(responseCode = "404", description = "No bridge with this id")})
    @OPTIONS
    @Path("{bridge}")
    public Response options(@Parameter(description = "The bridge id, from the `Location` of `POST /stream`") @PathParam("bridge") String bridge) {
        return answer(() -> bridges.endpoint().options(bridges.get(bridge)));
    }

    /**
     * @param bridge the bridge id
     * @return the session's ICE servers
     */
    @Operation(summary = "WHIP session: ICE servers and CORS preflight",
            description = "The same as `OPTIONS /whip/{bridge}`, at the session's URL.",
            responses = {
                @ApiResponse(responseCode = "204", description = "What the endpoint accepts",
                        headers = @Header(name = "Link", description = "The STUN server, `<stun:host:port>; rel=\"ice-server\"`")),
                @ApiResponse(responseCode = "404", description = "No bridge with this id")})
    @OPTIONS
    @Path("{bridge}/{session}")
    public Response sessionOptions(@Parameter(description = "The bridge id, from the `Location` of `POST /stream`") @PathParam("bridge") String bridge) {
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
    @Operation(summary = "Publish to a bridge (WHIP offer)",
            description = "Answers the publisher's SDP offer (RFC 9725) with all ICE candidates included (no server-side "
                    + "trickle). One publisher per bridge. An offer without audio, or whose audio has no Opus, is refused; other "
                    + "media sections are answered inactive. With `whipToken` configured, `Authorization: Bearer <token>` is "
                    + "required.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = {@Header(name = "Location", description = "The session's URL, for `PATCH` and `DELETE`"),
                                   @Header(name = "ETag", description = "The session's entity tag, for `If-Match` on `PATCH`"),
                                   @Header(name = "Link", description = "The STUN server, `<stun:host:port>; rel=\"ice-server\"`")},
                        content = @Content(mediaType = "application/sdp", schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not acceptable SDP, has no audio or no Opus"),
                @ApiResponse(responseCode = "401", description = "The bearer token is missing or wrong (when `whipToken` is set)"),
                @ApiResponse(responseCode = "404", description = "No bridge with this id, or the bridge has ended"),
                @ApiResponse(responseCode = "409", description = "The bridge already has a publisher"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "WebRTC is not available or did not answer in time")})
    @POST
    @Path("{bridge}")
    @Consumes(MediaType.WILDCARD)
    @Produces({WhipEndpoint.SDP, "application/problem+json"})
    public Response publish(@Parameter(description = "The bridge id, from the `Location` of `POST /stream`") @PathParam("bridge") String bridge, @HeaderParam("Content-Type") String contentType,
                            @Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
                            @RequestBody(description = "The SDP offer", required = true,
                                    content = @Content(mediaType = "application/sdp", schema = @Schema(type = "string"))) InputStream body) {
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
    @Operation(summary = "End a WHIP session",
            description = "Ends the publisher's session and with it the bridge; its port is freed.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ended"),
                @ApiResponse(responseCode = "401", description = "The bearer token is missing or wrong (when `whipToken` is set)"),
                @ApiResponse(responseCode = "404", description = "No such bridge or session")})
    @DELETE
    @Path("{bridge}/{session}")
    public Response delete(@Parameter(description = "The bridge id, from the `Location` of `POST /stream`") @PathParam("bridge") String bridge, @Parameter(description = "The session id, from the `Location` of the offer's answer") @PathParam("session") String session,
                           @Parameter(hidden = true) @HeaderParam("Authorization") String authorization) {
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
    @Operation(summary = "Add ICE candidates (trickle ICE)",
            description = "Adds the publisher's late ICE candidates from an `application/trickle-ice-sdpfrag` body. ICE restarts "
                    + "are not supported.",
            responses = {
                @ApiResponse(responseCode = "204", description = "The candidates were added"),
                @ApiResponse(responseCode = "401", description = "The bearer token is missing or wrong (when `whipToken` is set)"),
                @ApiResponse(responseCode = "404", description = "No such bridge or session"),
                @ApiResponse(responseCode = "412", description = "`If-Match` does not match the session's ETag"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/trickle-ice-sdpfrag`"),
                @ApiResponse(responseCode = "422", description = "An ICE restart (new credentials); end the session and publish again")})
    @PATCH
    @Path("{bridge}/{session}")
    @Consumes(MediaType.WILDCARD)
    public Response patch(@Parameter(description = "The bridge id, from the `Location` of `POST /stream`") @PathParam("bridge") String bridge, @Parameter(description = "The session id, from the `Location` of the offer's answer") @PathParam("session") String session,
                          @HeaderParam("Content-Type") String contentType,
                          @Parameter(description = "The session's ETag, or `*`") @HeaderParam("If-Match") String ifMatch,
                          @Parameter(hidden = true) @HeaderParam("Authorization") String authorization,
                          @RequestBody(description = "An SDP fragment with the new candidates", required = true,
                                  content = @Content(mediaType = "application/trickle-ice-sdpfrag", schema = @Schema(type = "string"))) InputStream body) {
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
