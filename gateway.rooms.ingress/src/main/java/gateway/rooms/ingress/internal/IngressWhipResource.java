package gateway.rooms.ingress.internal;

import gateway.api.http.ProblemException;
import gateway.api.rooms.IngressPush;
import gateway.api.rooms.RoomSessions;
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
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The WHIP endpoint of WHIP ingresses, {@code /rtc/ingress/whip}: an encoder POSTs its offer with the ingress's
 * stream key as bearer token (or in the path, {@code /rtc/ingress/whip/{streamKey}}, for encoders that take a URL
 * only) and becomes the ingress's participant in its room, its Opus forwarded untouched. The push itself is held by
 * the rooms bundle, so this resource keeps nothing: a {@code DELETE} finds the push through the ingresses, also after
 * an update of this plugin.
 */
@Component(service = IngressWhipResource.class, immediate = true)
@JaxrsResource
@JSONRequired
@Path("/rtc/ingress/whip")
public final class IngressWhipResource {
    private static final String SDP = "application/sdp";
    private static final int MAX_OFFER = 64 * 1024;
    private final IngressDirectory directory;
    private final RoomSessions sessions;

    /**
     * Takes over the WHIP pushes that outlived the previous revision of the plugin.
     *
     * @param directory the ingresses
     * @param sessions  the rooms' WebRTC sessions, which hold the pushes
     */
    @Activate
    public IngressWhipResource(@Reference IngressDirectory directory, @Reference RoomSessions sessions) {
        this.directory = directory;
        this.sessions = sessions;
        directory.takeOverPushes(sessions);
    }

    /**
     * @param authorization {@code Bearer <stream key>}
     * @param contentType   application/sdp
     * @param body          the offer
     * @return 201 with the answer
     */
    @Operation(summary = "Push to a WHIP ingress",
            description = "WHIP with the ingress's stream key as bearer token: the publisher becomes the ingress's participant "
                    + "(`participantIdentity`) in its room, publishing the offer's Opus audio untouched as its track. One publisher at a "
                    + "time per ingress; a disabled ingress refuses. Deleting the ingress or removing the participant ends the session.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = @Header(name = "Location", description = "The session, for `DELETE`"),
                        content = @Content(mediaType = SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not usable (no Opus audio, no DTLS-SRTP, no rtcp-mux)"),
                @ApiResponse(responseCode = "401", description = "No stream key, or one of no WHIP ingress"),
                @ApiResponse(responseCode = "409", description = "The ingress is disabled or has a publisher already, or its room is full"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "The WebRTC transport is full")})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({SDP, "application/problem+json"})
    public Response publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @RequestBody(required = true, description = "The SDP offer", content = @Content(mediaType = SDP, schema = @Schema(type = "string")))
                            InputStream body) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ProblemException(401, "Unauthorized", "'Authorization: Bearer <stream key>' is required");
        }
        return push(authorization.substring(7).trim(), contentType, body);
    }

    /**
     * @param streamKey   the ingress's stream key
     * @param contentType application/sdp
     * @param body        the offer
     * @return 201 with the answer
     */
    @Operation(summary = "Push to a WHIP ingress (stream key in the path)",
            description = "The same as `POST /rtc/ingress/whip` with the stream key as the last path segment instead of a bearer token.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer", content = @Content(mediaType = SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "401", description = "A stream key of no WHIP ingress"),
                @ApiResponse(responseCode = "409", description = "The ingress is disabled or has a publisher already, or its room is full")})
    @POST
    @Path("{streamKey}")
    @Consumes(MediaType.WILDCARD)
    @Produces({SDP, "application/problem+json"})
    public Response publishTo(@Parameter(description = "The ingress's stream key") @PathParam("streamKey") String streamKey,
                              @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                              @RequestBody(required = true, description = "The SDP offer", content = @Content(mediaType = SDP, schema = @Schema(type = "string")))
                              InputStream body) {
        return push(streamKey, contentType, body);
    }

    private Response push(String streamKey, String contentType, InputStream body) {
        Ingress ingress = directory.whipIngress(streamKey);
        if (ingress == null) throw new ProblemException(401, "Unauthorized", "the stream key is not one of a WHIP ingress");
        if (contentType == null || !contentType.toLowerCase().startsWith(SDP)) {
            throw new ProblemException(415, "Unsupported media type", "POST an SDP offer with Content-Type " + SDP);
        }
        String offer = read(body);
        IngressPush push = directory.whipInput(ingress, sessions).start(offer);
        if (push == null) {
            throw ProblemException.conflict("ingress " + ingress.id + " is disabled or has a publisher already");
        }
        return Response.status(201).type(SDP).entity(push.answer().getBytes(StandardCharsets.UTF_8))
                .header("Location", "/rtc/ingress/whip/sessions/" + push.streamId())
                .header("Cache-Control", "no-store").build();
    }

    /**
     * @param authorization the same stream key
     * @param stream        the session's stream id
     * @return 200
     */
    @Operation(summary = "End a push to a WHIP ingress",
            description = "Ends the WHIP session with the stream key it was started with: the participant's track leaves the room, and "
                    + "the participant with it; the ingress is `ENDPOINT_COMPLETE` and takes the next push.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ended"),
                @ApiResponse(responseCode = "404", description = "No such session, or not with this stream key")})
    @DELETE
    @Path("sessions/{stream}")
    public Response end(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        @Parameter(description = "The stream id, from `Location`") @PathParam("stream") String stream) {
        String key = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
        Ingress ingress = key == null ? null : directory.whipIngress(key);
        WhipInput input = ingress != null && ingress.input() instanceof WhipInput w && stream.equals(w.streamId()) ? w : null;
        if (input == null) throw ProblemException.notFound("no WHIP ingress session '" + stream + "' with this stream key");
        input.delete();
        return Response.ok().build();
    }

    private static String read(InputStream body) {
        try {
            byte[] b = body.readNBytes(MAX_OFFER + 1);
            if (b.length > MAX_OFFER) throw new ProblemException(413, "Content Too Large", "the offer is larger than " + MAX_OFFER + " bytes");
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ProblemException.badRequest("the offer cannot be read");
        }
    }
}
