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
 * Listening to a room without a LiveKit client: WHEP with the participant's access token, at {@code /rtc/room/whep}
 * (one connection hears the participant's subscribed tracks, one per receive-only audio section of the offer) or at
 * {@code /rtc/room/whep/{track}} (one track). The participant (joined if it is not in the room yet, as a second
 * session if it is) hears the publishers' Opus packets as they sent them.
 */
@Component(service = RoomWhepResource.class)
@JaxrsResource
@JSONRequired
@Path("/rtc/room/whep")
public final class RoomWhepResource {
    private static final String SDP = ParticipantSdp.SDP;
    private final AccessTokens tokens;
    private final RoomSessions sessions;

    /**
     * @param tokens   verifies the participants' tokens
     * @param sessions the participants' sessions, which belong to the rooms bundle and outlive this plugin
     */
    @Activate
    public RoomWhepResource(@Reference AccessTokens tokens, @Reference RoomSessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    /**
     * @param track         the track's sid
     * @param authorization {@code Bearer <participant token>}
     * @param contentType   application/sdp
     * @param body          the offer
     * @return 201 with the answer
     */
    @Operation(summary = "Listen to a track of a room (WHEP)",
            description = "WHEP with the participant's LiveKit access token as bearer token: room and identity from the token; its "
                    + "grant must allow `roomJoin` and `canSubscribe`. The participant joins the room if it is not in it (as a second "
                    + "session if it is, e.g. while it publishes), is subscribed to the track (published by another participant) "
                    + "and hears its Opus packets untouched. Unsubscribing it (`/unsubscribe`, `UpdateSubscriptions`), revoking "
                    + "`canSubscribe`, removing it or the track's end ends the session.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = @Header(name = "Location", description = "The session, for `DELETE`"),
                        content = @Content(mediaType = SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not usable"),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "403", description = "The token's grant does not allow joining the room or subscribing"),
                @ApiResponse(responseCode = "404", description = "No such track of another participant in the token's room"),
                @ApiResponse(responseCode = "409", description = "The room is full"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "The gateway plays to its maximum of listeners")})
    @POST
    @Path("{track}")
    @Consumes(MediaType.WILDCARD)
    @Produces({SDP, "application/problem+json"})
    public Response listen(@Parameter(description = "The track's sid (`TR_...`)") @PathParam("track") String track,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @RequestBody(required = true, description = "The SDP offer", content = @Content(mediaType = SDP, schema = @Schema(type = "string")))
                           InputStream body) {
        AccessClaims claims = ParticipantSdp.authenticate(tokens, authorization);
        RoomSessions.Session session = sessions.listen(claims, track, ParticipantSdp.offer(contentType, body));
        return ParticipantSdp.created(session, "/rtc/room/whep/" + track + "/" + session.id());
    }

    /**
     * @param authorization {@code Bearer <participant token>}
     * @param contentType   application/sdp
     * @param body          the offer
     * @return 201 with the answer
     */
    @Operation(summary = "Hear the room on one connection (WHEP)",
            description = "WHEP with the participant's LiveKit access token as bearer token (`roomJoin` and `canSubscribe`). One "
                    + "connection hears every track the participant is subscribed to: each receive-only audio section of the offer "
                    + "is a slot that plays one track at a time (a browser adds one `recvonly` audio transceiver per slot; at most "
                    + "16). The participant is subscribed to every track the others publish, now and later, unless unsubscribed. "
                    + "A track that is unpublished, muted or unsubscribed frees its slot, which takes the next subscribed track "
                    + "without one; with more tracks than slots the first published play. Opus packets are forwarded untouched.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = @Header(name = "Location", description = "The session, for `DELETE`"),
                        content = @Content(mediaType = SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not usable"),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "403", description = "The token's grant does not allow joining the room or subscribing"),
                @ApiResponse(responseCode = "409", description = "The room is full"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "The gateway plays to its maximum of listeners")})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({SDP, "application/problem+json"})
    public Response listenAll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                              @RequestBody(required = true, description = "The SDP offer", content = @Content(mediaType = SDP, schema = @Schema(type = "string")))
                              InputStream body) {
        AccessClaims claims = ParticipantSdp.authenticate(tokens, authorization);
        RoomSessions.Session session = sessions.listenAll(claims, ParticipantSdp.offer(contentType, body));
        return ParticipantSdp.created(session, "/rtc/room/whep/all/" + session.id());
    }

    /**
     * @param authorization the same participant's token
     * @param session       the session's id
     * @return 200
     */
    @Operation(summary = "Stop hearing the room (end a WHEP connection of slots)",
            description = "Ends the participant's WHEP connection with the token it started it with; its subscriptions stay.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ended"),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "404", description = "No such session of this participant")})
    @DELETE
    @Path("all/{session}")
    public Response stopAll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @Parameter(description = "The session id, from `Location`") @PathParam("session") String session) {
        AccessClaims claims = ParticipantSdp.authenticate(tokens, authorization);
        if (!sessions.endListeningAll(claims, session)) {
            throw ProblemException.notFound("no WHEP connection '" + session + "' of this participant");
        }
        return Response.ok().build();
    }

    /**
     * @param authorization the same participant's token
     * @param track         the track's sid
     * @param session       the session's id
     * @return 200
     */
    @Operation(summary = "Stop listening to a track (end a WHEP session)",
            description = "Ends the participant's WHEP session with the token it started it with; it is unsubscribed from the track.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ended"),
                @ApiResponse(responseCode = "401", description = "No token, or one the API key and secret do not verify, or expired"),
                @ApiResponse(responseCode = "404", description = "No such session of this participant")})
    @DELETE
    @Path("{track}/{session}")
    public Response stop(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @Parameter(description = "The track's sid") @PathParam("track") String track,
                         @Parameter(description = "The session id, from `Location`") @PathParam("session") String session) {
        AccessClaims claims = ParticipantSdp.authenticate(tokens, authorization);
        if (!sessions.endListening(claims, track, session)) {
            throw ProblemException.notFound("no WHEP session '" + session + "' of this participant on track '" + track + "'");
        }
        return Response.ok().build();
    }

}
