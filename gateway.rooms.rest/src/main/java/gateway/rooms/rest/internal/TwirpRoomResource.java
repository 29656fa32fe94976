package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantUpdate;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.RoomSettings;
import gateway.api.rooms.VideoGrant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * LiveKit's server API for rooms, {@code POST /twirp/livekit.RoomService/{method}} (Twirp, JSON): what
 * {@code livekit-server-sdk}'s {@code RoomServiceClient} calls. Authorised by a LiveKit access token signed with the
 * gateway's API secret, with the grant LiveKit requires per method: {@code roomCreate} (create, delete),
 * {@code roomList} (list), {@code roomAdmin} for the request's room (everything else).
 */
@Component(service = TwirpRoomResource.class)
@JaxrsResource
@JSONRequired
@Path("/twirp/livekit.RoomService")
public final class TwirpRoomResource {
    private final RoomService rooms;
    private final AccessTokens tokens;

    @Activate
    public TwirpRoomResource(@Reference RoomService rooms, @Reference AccessTokens tokens) {
        this.rooms = rooms;
        this.tokens = tokens;
    }

    /**
     * @param method        the RoomService method
     * @param authorization {@code Bearer <LiveKit token>}
     * @param contentType   must be JSON
     * @param body          the request message
     * @return the response message
     */
    @Operation(summary = "LiveKit RoomService (Twirp)",
            description = "LiveKit's RoomService over Twirp with JSON bodies: `CreateRoom`, `ListRooms`, `DeleteRoom`, `ListParticipants`, "
                    + "`GetParticipant`, `RemoveParticipant`, `UpdateParticipant`, `UpdateRoomMetadata`, `MutePublishedTrack`, "
                    + "`UpdateSubscriptions`, `SendData`. `Authorization: Bearer` a LiveKit access token signed with the gateway's "
                    + "API key and secret, with the grant LiveKit requires: `roomCreate` (create, delete), `roomList` (list) or "
                    + "`roomAdmin` with `room` = the request's room. Errors are Twirp's `{\"code\", \"msg\"}`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The response message in proto3 JSON"),
                @ApiResponse(responseCode = "400", description = "`malformed` (not JSON) or `invalid_argument` (a field is missing or wrong)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "401", description = "`unauthenticated`: no token, or one the API key and secret do not verify, or expired", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "403", description = "`permission_denied`: the token lacks the grant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "`bad_route` (no such method, not JSON) or `not_found` (room, participant, track)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "429", description = "`resource_exhausted`: the room is full, or the gateway holds `maxRooms`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class)))})
    @POST
    @Path("{method}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public String call(@Parameter(description = "The method, e.g. `CreateRoom`") @PathParam("method") String method,
                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                       @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                       @RequestBody(required = true, description = "The request message in proto3 JSON") InputStream body) {
        if (contentType == null || !contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON)) {
            throw TwirpError.badRoute("the gateway serves Twirp with JSON bodies (Content-Type: application/json), not " + contentType);
        }
        VideoGrant grant = authenticate(authorization);
        JsonNode req = JsonBody.read(body, TwirpError::malformed);
        try {
            return switch (method) {
                case "CreateRoom" -> createRoom(grant, req);
                case "ListRooms" -> listRooms(grant, req);
                case "DeleteRoom" -> deleteRoom(grant, req);
                case "ListParticipants" -> participants(rooms.participants(admin(grant, req)));
                case "GetParticipant" -> LiveKitJson.participant(rooms.participant(admin(grant, req), TwirpRequests.identity(req))).toString();
                case "RemoveParticipant" -> {
                    rooms.remove(admin(grant, req), TwirpRequests.identity(req));
                    yield "{}";
                }
                case "UpdateParticipant" -> updateParticipant(grant, req);
                case "UpdateRoomMetadata" -> updateRoomMetadata(grant, req);
                case "MutePublishedTrack" -> mute(grant, req);
                case "UpdateSubscriptions" -> updateSubscriptions(grant, req);
                case "SendData" -> sendData(grant, req);
                default -> throw TwirpError.badRoute("no method livekit.RoomService/" + method + " here");
            };
        } catch (RoomException e) {
            throw TwirpError.of(e);
        }
    }

    private VideoGrant authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw TwirpError.unauthenticated("'Authorization: Bearer <access token>' is required");
        }
        try {
            AccessClaims claims = tokens.verify(authorization.substring(7).trim());
            return claims.video();
        } catch (InvalidTokenException e) {
            throw TwirpError.unauthenticated("invalid token: " + e.getMessage());
        }
    }

    private String createRoom(VideoGrant grant, JsonNode req) {
        if (!grant.roomCreate()) throw TwirpError.permissionDenied("the token has no roomCreate grant");
        String name = JsonBody.text(req, "name");
        if (name == null || name.isBlank()) throw TwirpError.invalidArgument("name is required");
        RoomSettings settings = new RoomSettings(name, TwirpRequests.uint32(req, "emptyTimeout", "empty_timeout"),
                TwirpRequests.uint32(req, "departureTimeout", "departure_timeout"), TwirpRequests.uint32(req, "maxParticipants", "max_participants"),
                JsonBody.text(req, "metadata"));
        return LiveKitJson.room(rooms.create(settings)).toString();
    }

    private String listRooms(VideoGrant grant, JsonNode req) {
        if (!grant.roomList()) throw TwirpError.permissionDenied("the token has no roomList grant");
        ArrayNode list = LiveKitJson.JSON.createArrayNode();
        for (RoomInfo r : rooms.rooms(TwirpRequests.strings(req, "names"))) list.add(LiveKitJson.room(r));
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("rooms", list);
        return n.toString();
    }

    private String deleteRoom(VideoGrant grant, JsonNode req) {
        if (!grant.roomCreate()) throw TwirpError.permissionDenied("the token has no roomCreate grant");
        rooms.delete(TwirpRequests.room(req));
        return "{}";
    }

    private String updateParticipant(VideoGrant grant, JsonNode req) {
        String room = admin(grant, req);
        JsonNode p = JsonBody.field(req, "permission");
        ParticipantUpdate update = new ParticipantUpdate(emptyAsNull(JsonBody.text(req, "name")), emptyAsNull(JsonBody.text(req, "metadata")),
                p == null ? null : TwirpRequests.permission(p));
        return LiveKitJson.participant(rooms.update(room, TwirpRequests.identity(req), update)).toString();
    }

    private String mute(VideoGrant grant, JsonNode req) {
        String room = admin(grant, req);
        String track = JsonBody.text(req, "trackSid", "track_sid");
        if (track == null || track.isEmpty()) throw TwirpError.invalidArgument("trackSid is required");
        boolean muted = req.path("muted").asBoolean(false);
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("track", LiveKitJson.track(rooms.mute(room, TwirpRequests.identity(req), track, muted)));
        return n.toString();
    }

    private String updateSubscriptions(VideoGrant grant, JsonNode req) {
        String room = admin(grant, req);
        Set<String> tracks = new LinkedHashSet<>(TwirpRequests.strings(req, "trackSids", "track_sids"));
        JsonNode pts = JsonBody.field(req, "participantTracks", "participant_tracks");
        if (pts != null) pts.forEach(pt -> tracks.addAll(TwirpRequests.strings(pt, "trackSids", "track_sids")));
        rooms.subscribe(room, TwirpRequests.identity(req), tracks, req.path("subscribe").asBoolean(false));
        return "{}";
    }

    private String sendData(VideoGrant grant, JsonNode req) {
        String room = admin(grant, req);
        Set<String> to = new LinkedHashSet<>(TwirpRequests.strings(req, "destinationIdentities", "destination_identities"));
        List<String> sids = TwirpRequests.strings(req, "destinationSids", "destination_sids");
        if (!sids.isEmpty()) {
            for (ParticipantInfo p : rooms.participants(room)) if (sids.contains(p.sid())) to.add(p.identity());
            if (to.isEmpty()) return "{}"; // addressed to participants that are gone: nobody receives it
        }
        rooms.sendData(room, TwirpRequests.bytes(req, "data"), emptyAsNull(JsonBody.text(req, "topic")), to);
        return "{}";
    }

    /** The request's room, which the token must administer. */
    private static String admin(VideoGrant grant, JsonNode req) {
        String room = TwirpRequests.room(req);
        if (!grant.roomAdmin() || !room.equals(grant.room())) {
            throw TwirpError.permissionDenied("the token has no roomAdmin grant for room '" + room + "'");
        }
        return room;
    }

    private String updateRoomMetadata(VideoGrant grant, JsonNode req) {
        String room = admin(grant, req);
        String metadata = JsonBody.text(req, "metadata");
        return LiveKitJson.room(rooms.updateMetadata(room, metadata == null ? "" : metadata)).toString();
    }

    private static String participants(List<ParticipantInfo> participants) {
        ArrayNode list = LiveKitJson.JSON.createArrayNode();
        for (ParticipantInfo p : participants) list.add(LiveKitJson.participant(p));
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("participants", list);
        return n.toString();
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
