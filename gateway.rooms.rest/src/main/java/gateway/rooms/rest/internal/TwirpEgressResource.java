package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.EgressException;
import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;
import gateway.api.rooms.EgressService;
import gateway.api.rooms.InvalidTokenException;
import gateway.api.rooms.RoomException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.util.List;
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
 * LiveKit's egress API, {@code POST /twirp/livekit.Egress/{method}} (Twirp, JSON): what {@code livekit-server-sdk}'s
 * {@code EgressClient} calls, authorised by a LiveKit access token with the {@code roomRecord} grant. Audio only:
 * requests for video, layouts, web pages, MP4/MP3 files, segments, images or RTMP are refused ({@code unimplemented})
 * with a message naming what works. Served while the egress service runs.
 */
@Component(service = TwirpEgressResource.class)
@JaxrsResource
@JSONRequired
@Path("/twirp/livekit.Egress")
public final class TwirpEgressResource {
    private final EgressService egresses;
    private final AccessTokens tokens;

    @Activate
    public TwirpEgressResource(@Reference EgressService egresses, @Reference AccessTokens tokens) {
        this.egresses = egresses;
        this.tokens = tokens;
    }

    /**
     * @param method        the Egress method
     * @param authorization {@code Bearer <LiveKit token>}
     * @param contentType   must be JSON
     * @param body          the request message
     * @return the response message
     */
    @Operation(summary = "LiveKit Egress (Twirp)",
            description = "LiveKit's Egress service over Twirp with JSON bodies: `StartRoomCompositeEgress` (the room's audio mix, recorded, "
                    + "or to `srt://` `streamOutputs`), `StartParticipantEgress`, `StartTrackCompositeEgress` (its audio track), "
                    + "`StartTrackEgress` (Opus unchanged), `UpdateStream`, `ListEgress`, `StopEgress`. `Authorization: Bearer` a LiveKit "
                    + "access token with the `roomRecord` grant. Errors are Twirp's `{\"code\", \"msg\"}`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`EgressInfo` (or `ListEgressResponse`) in proto3 JSON"),
                @ApiResponse(responseCode = "400", description = "`malformed` or `invalid_argument`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "401", description = "`unauthenticated`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "403", description = "`permission_denied`: no `roomRecord` grant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "`bad_route` or `not_found` (room, participant, track, egress)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "412", description = "`failed_precondition`: the egress has ended, or is not streaming", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "501", description = "`unimplemented`: video, web, layouts, MP4/MP3, segments, images, RTMP", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class)))})
    @POST
    @Path("{method}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public String call(@Parameter(description = "The method, e.g. `StartTrackEgress`") @PathParam("method") String method,
                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                       @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                       @RequestBody(required = true, description = "The request message in proto3 JSON") InputStream body) {
        if (contentType == null || !contentType.toLowerCase().startsWith(MediaType.APPLICATION_JSON)) {
            throw TwirpError.badRoute("the gateway serves Twirp with JSON bodies (Content-Type: application/json), not " + contentType);
        }
        authorize(authorization);
        JsonNode req = JsonBody.read(body, TwirpError::malformed);
        try {
            return switch (method) {
                case "StartRoomCompositeEgress" -> {
                    List<String> urls = EgressRequests.outputs(req);
                    yield start(new EgressRequest(EgressRequest.Kind.ROOM_COMPOSITE, roomName(req), null, null, urls));
                }
                case "StartParticipantEgress" -> {
                    if (!EgressRequests.outputs(req).isEmpty()) throw EgressRequests.unsupported("participant egress records; stream a room-composite instead");
                    if (req.path("screenShare").asBoolean(false)) throw EgressRequests.unsupported("screenShare: video is not supported");
                    String identity = JsonBody.text(req, "identity");
                    if (identity == null || identity.isEmpty()) throw TwirpError.invalidArgument("identity is required");
                    yield start(new EgressRequest(EgressRequest.Kind.PARTICIPANT, roomName(req), identity, null, List.of()));
                }
                case "StartTrackCompositeEgress" -> {
                    if (!EgressRequests.outputs(req).isEmpty()) throw EgressRequests.unsupported("track-composite egress records; stream a room-composite instead");
                    String video = JsonBody.text(req, "videoTrackId", "video_track_id");
                    if (video != null && !video.isEmpty()) throw EgressRequests.unsupported("videoTrackId: rooms carry audio only and video is not supported");
                    String audio = JsonBody.text(req, "audioTrackId", "audio_track_id");
                    if (audio == null || audio.isEmpty()) throw TwirpError.invalidArgument("audioTrackId is required");
                    yield start(new EgressRequest(EgressRequest.Kind.TRACK_COMPOSITE, roomName(req), null, audio, List.of()));
                }
                case "StartTrackEgress" -> {
                    EgressRequests.outputs(req);
                    String track = JsonBody.text(req, "trackId", "track_id");
                    if (track == null || track.isEmpty()) throw TwirpError.invalidArgument("trackId is required");
                    yield start(new EgressRequest(EgressRequest.Kind.TRACK, roomName(req), null, track, List.of()));
                }
                case "StartWebEgress", "StartEgress" -> throw EgressRequests.unsupported(method + " records a web page with a browser and video, which the gateway does not do");
                case "UpdateLayout" -> {
                    String id = egressId(req);
                    if (egresses.egress(id).isEmpty()) throw new EgressException(EgressException.Reason.NOT_FOUND, "egress " + id + " does not exist");
                    throw EgressRequests.unsupported("layouts arrange video and are not supported");
                }
                case "UpdateStream" -> EgressJson.egress(egresses.updateStream(egressId(req),
                        TwirpRequests.strings(req, "addOutputUrls", "add_output_urls"), TwirpRequests.strings(req, "removeOutputUrls", "remove_output_urls"))).toString();
                case "ListEgress" -> list(req);
                case "StopEgress" -> EgressJson.egress(egresses.stop(egressId(req))).toString();
                default -> throw TwirpError.badRoute("no method livekit.Egress/" + method + " here");
            };
        } catch (RoomException e) {
            throw TwirpError.of(e);
        } catch (EgressException e) {
            throw switch (e.reason()) {
                case NOT_FOUND -> new TwirpError(404, "not_found", e.getMessage());
                case INVALID -> TwirpError.invalidArgument(e.getMessage());
                case NOT_ACTIVE -> new TwirpError(412, "failed_precondition", e.getMessage());
                case NOT_SUPPORTED -> new TwirpError(501, "unimplemented", e.getMessage());
            };
        }
    }

    private String start(EgressRequest request) {
        return EgressJson.egress(egresses.start(request)).toString();
    }

    private String list(JsonNode req) {
        ArrayNode items = LiveKitJson.JSON.createArrayNode();
        String room = JsonBody.text(req, "roomName", "room_name");
        String id = JsonBody.text(req, "egressId", "egress_id");
        for (EgressInfo e : egresses.list(room, id, req.path("active").asBoolean(false))) items.add(EgressJson.egress(e));
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("items", items);
        return n.toString();
    }

    private static String roomName(JsonNode req) {
        String room = JsonBody.text(req, "roomName", "room_name");
        if (room == null || room.isEmpty()) throw TwirpError.invalidArgument("roomName is required");
        return room;
    }

    private static String egressId(JsonNode req) {
        String id = JsonBody.text(req, "egressId", "egress_id");
        if (id == null || id.isEmpty()) throw TwirpError.invalidArgument("egressId is required");
        return id;
    }

    private void authorize(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw TwirpError.unauthenticated("'Authorization: Bearer <access token>' is required");
        }
        try {
            if (!tokens.verify(authorization.substring(7).trim()).video().roomRecord()) {
                throw TwirpError.permissionDenied("the token has no roomRecord grant");
            }
        } catch (InvalidTokenException e) {
            throw TwirpError.unauthenticated("invalid token: " + e.getMessage());
        }
    }
}
