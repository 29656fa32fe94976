package gateway.rooms.rest.internal;

import gateway.api.http.ProblemException;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.RoomSessions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
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
 * Joining a room to publish without a LiveKit client: WHIP at {@code /rtc/room/whip} with the participant's access
 * token as bearer token. Room and identity come from the token, the right to publish from its grant. The publisher's
 * Opus packets become a live stream (the gateway's WebRTC transport, untouched) whose metadata names the room,
 * participant and track, so the recorder and WHEP can use it. The sessions are the rooms bundle's
 * ({@link RoomSessions}): updating this plugin leaves them running.
 */
@Component(service = RoomWhipResource.class)
@JaxrsResource
@JSONRequired
@Path("/rtc/room/whip")
public final class RoomWhipResource {
    private static final String SDP = ParticipantSdp.SDP;
    private final AccessTokens tokens;
    private final RoomSessions sessions;

    /**
     * @param tokens   verifies the participants' tokens
     * @param sessions the participants' sessions, which belong to the rooms bundle and outlive this plugin
     */
    @Activate
    public RoomWhipResource(@Reference AccessTokens tokens, @Reference RoomSessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    /**
     * @param authorization {@code Bearer <participant token>}
     * @param contentType   application/sdp
     * @param body          the offer
     * @return 201 with the answer
     */
    @Operation(summary = "Join a room and publish (WHIP)",
            description = "WHIP with the participant's LiveKit access token as bearer token: the token's `room` and `sub` (identity) "
                    + "join the room (created with the defaults if it does not exist) and its grant must allow `roomJoin` and "
                    + "`canPublish`. The offer's Opus audio becomes a track of the participant and a live stream with the metadata "
                    + "`room`, `roomSid`, `participant`, `participantSid` and `track`; forwarded untouched. Removing the participant, "
                    + "revoking `canPublish` or deleting the room ends the session; muting the track stops forwarding.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = @Header(name = "Location", description = "The session, for `DELETE`"),
                        content = @Content(mediaType = SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not usable (no Opus audio, no DTLS-SRTP, no rtcp-mux)"),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "403", description = "The token's grant does not allow joining a room or publishing"),
                @ApiResponse(responseCode = "409", description = "The room has `maxParticipants` participants"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "The WebRTC transport is full")})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({SDP, "application/problem+json"})
    public Response publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @RequestBody(required = true, description = "The SDP offer", content = @Content(mediaType = SDP, schema = @Schema(type = "string")))
                            InputStream body) {
        AccessClaims claims = ParticipantSdp.authenticate(tokens, authorization);
        RoomSessions.Session session = sessions.publish(claims, ParticipantSdp.offer(contentType, body));
        return ParticipantSdp.created(session, "/rtc/room/whip/" + session.id());
    }

    /**
     * @param authorization the same participant's token
     * @param stream        the session's stream id
     * @return 200
     */
    @Operation(summary = "Leave a room (end a WHIP session)",
            description = "Ends the participant's WHIP session with the token it joined with: its track leaves the room, and the participant with it.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ended"),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "404", description = "No such session of this participant")})
    @DELETE
    @Path("{stream}")
    public Response leave(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                          @Parameter(description = "The stream id, from `Location`") @PathParam("stream") String stream) {
        AccessClaims claims = ParticipantSdp.authenticate(tokens, authorization);
        if (!sessions.endPublishing(claims, stream)) throw ProblemException.notFound("no WHIP session '" + stream + "' of this participant");
        return Response.ok().build();
    }


}
