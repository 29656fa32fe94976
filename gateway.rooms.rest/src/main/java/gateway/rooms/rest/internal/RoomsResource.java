package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.http.Management;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.ParticipantUpdate;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.RoomSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The room endpoints of the tutorial's application server, served for the gateway's own rooms: bodies and messages
 * as the tutorial has them, objects in LiveKit's JSON, errors as {@code {"errorMessage"}} (404 for unknown rooms,
 * participants and tracks). Behind the management token.
 */
@Component(service = RoomsResource.class)
@JaxrsResource
@JSONRequired
@Path("/rooms")
@Management
@Produces(MediaType.APPLICATION_JSON)
public final class RoomsResource {
    private static final String ERRORS = "`{\"errorMessage\"}`: ";
    private final RoomService rooms;

    @Activate
    public RoomsResource(@Reference RoomService rooms) {
        this.rooms = rooms;
    }

    /** @return 201 {@code {"room"}} */
    @Operation(summary = "Create a room",
            description = "Creates the room `roomName` with the default settings (empty timeout, departure timeout, max participants "
                    + "of `gateway.rooms`); an existing room of that name is returned as it is.",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"room\": {...}}`: the room in LiveKit's JSON"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' is required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "503", description = ERRORS + "the gateway holds `maxRooms` rooms already", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(value = "{\"roomName\": \"Test Room\"}"))) InputStream body) {
        String name = JsonBody.text(read(body), "roomName");
        if (name == null || name.isBlank()) throw TutorialError.badRequest("'roomName' is required");
        RoomInfo room = call(() -> rooms.create(RoomSettings.named(name)));
        return Response.status(201).entity(wrap("room", LiveKitJson.room(room))).build();
    }

    /** @return {@code {"rooms"}} */
    @Operation(summary = "List rooms",
            description = "The active rooms, oldest first; with `roomName` only that room (an empty list when it does not exist).",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"rooms\": [...]}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong")})
    @GET
    public String list(@Parameter(description = "Only the room of this name") @QueryParam("roomName") String roomName) {
        ArrayNode list = LiveKitJson.JSON.createArrayNode();
        for (RoomInfo r : rooms.rooms(roomName == null || roomName.isEmpty() ? List.of() : List.of(roomName))) list.add(LiveKitJson.room(r));
        return wrap("rooms", list);
    }

    /** @return {@code {"room"}} */
    @Operation(summary = "Update a room's metadata",
            description = "Replaces the room's metadata (a string the application chooses, often JSON).",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"room\": {...}}` after the change"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'metadata' is required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{room}/metadata")
    @Consumes(MediaType.WILDCARD)
    public String metadata(@Parameter(description = "The room's name") @PathParam("room") String room,
                           @RequestBody(required = true, description = "`{\"metadata\": \"Some data\"}`") InputStream body) {
        String metadata = JsonBody.text(read(body), "metadata");
        if (metadata == null || metadata.isEmpty()) throw TutorialError.badRequest("'metadata' is required");
        return wrap("room", LiveKitJson.room(call(() -> rooms.updateMetadata(room, metadata))));
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Send data to a room",
            description = "Sends `data` (any JSON, sent as its UTF-8 JSON text, topic `chat`) reliably to every participant of the room.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Data message sent\"}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'data' is required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{room}/send-data")
    @Consumes(MediaType.WILDCARD)
    public String sendData(@Parameter(description = "The room's name") @PathParam("room") String room,
                           @RequestBody(required = true, description = "`{\"data\": {\"some\": \"data\"}}`") InputStream body) {
        JsonNode data = JsonBody.field(read(body), "data");
        if (data == null || data.isMissingNode() || (data.isValueNode() && !data.asBoolean(true) && data.asText().isEmpty())) {
            throw TutorialError.badRequest("'data' is required");
        }
        byte[] payload = data.toString().getBytes(StandardCharsets.UTF_8);
        call(() -> rooms.sendData(room, payload, "chat", List.of()));
        return message("Data message sent");
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Delete a room",
            description = "Deletes the room: every participant's session ends.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Room deleted\"}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @DELETE
    @Path("{room}")
    public String delete(@Parameter(description = "The room's name") @PathParam("room") String room) {
        call(() -> {
            rooms.delete(room);
            return null;
        });
        return message("Room deleted");
    }

    /** @return {@code {"participants"}} */
    @Operation(summary = "List a room's participants",
            description = "The participants of the room in joining order, with their tracks and permissions.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"participants\": [...]}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @GET
    @Path("{room}/participants")
    public String participants(@Parameter(description = "The room's name") @PathParam("room") String room) {
        ArrayNode list = LiveKitJson.JSON.createArrayNode();
        for (ParticipantInfo p : call(() -> rooms.participants(room))) list.add(LiveKitJson.participant(p));
        return wrap("participants", list);
    }

    /** @return {@code {"participant"}} */
    @Operation(summary = "Get a participant",
            description = "One participant of the room, by identity, with its tracks and permission.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"participant\": {...}}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or participant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @GET
    @Path("{room}/participants/{identity}")
    public String participant(@Parameter(description = "The room's name") @PathParam("room") String room,
                              @Parameter(description = "The participant's identity") @PathParam("identity") String identity) {
        return wrap("participant", LiveKitJson.participant(call(() -> rooms.participant(room, identity))));
    }

    /** @return {@code {"participant"}} */
    @Operation(summary = "Update a participant",
            description = "Sets the participant's `metadata` and, as the tutorial does, its permission to subscribe-only "
                    + "(`canPublish` false, `canSubscribe` true), which ends its publishing; a `permission` object in the body "
                    + "(LiveKit's `ParticipantPermission`) is applied instead when given.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"participant\": {...}}` after the change"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or participant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @PATCH
    @Path("{room}/participants/{identity}")
    @Consumes(MediaType.WILDCARD)
    public String update(@Parameter(description = "The room's name") @PathParam("room") String room,
                         @Parameter(description = "The participant's identity") @PathParam("identity") String identity,
                         @RequestBody(required = true, description = "`{\"metadata\": \"Some data\"}`") InputStream body) {
        JsonNode b = read(body);
        JsonNode p = JsonBody.field(b, "permission");
        ParticipantPermission permission = p == null ? new ParticipantPermission(true, false, false, false, false) : TwirpRequests.permission(p);
        ParticipantUpdate update = new ParticipantUpdate(JsonBody.text(b, "name"), JsonBody.text(b, "metadata"), permission);
        return wrap("participant", LiveKitJson.participant(call(() -> rooms.update(room, identity, update))));
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Remove a participant",
            description = "Removes the participant from the room: its sessions end.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Participant removed\"}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or participant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @DELETE
    @Path("{room}/participants/{identity}")
    public String remove(@Parameter(description = "The room's name") @PathParam("room") String room,
                         @Parameter(description = "The participant's identity") @PathParam("identity") String identity) {
        call(() -> {
            rooms.remove(room, identity);
            return null;
        });
        return message("Participant removed");
    }

    /** @return {@code {"track"}} */
    @Operation(summary = "Mute a participant's track",
            description = "Mutes a track the participant publishes: forwarding stops and the track shows `muted`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"track\": {...}}` after the change"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'trackId' is required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room, participant or track", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{room}/participants/{identity}/mute")
    @Consumes(MediaType.WILDCARD)
    public String mute(@Parameter(description = "The room's name") @PathParam("room") String room,
                       @Parameter(description = "The participant's identity") @PathParam("identity") String identity,
                       @RequestBody(required = true, description = "`{\"trackId\": \"TR_...\"}`") InputStream body) {
        String track = JsonBody.text(read(body), "trackId");
        if (track == null || track.isEmpty()) throw TutorialError.badRequest("'trackId' is required");
        return wrap("track", LiveKitJson.track(call(() -> rooms.mute(room, identity, track, true))));
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Subscribe a participant to tracks",
            description = "Subscribes the participant to tracks other participants of the room publish.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Participant subscribed to tracks\"}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'trackIds' is required and must be an array`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "403", description = ERRORS + "the participant may not subscribe", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room, participant or track", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{room}/participants/{identity}/subscribe")
    @Consumes(MediaType.WILDCARD)
    public String subscribe(@Parameter(description = "The room's name") @PathParam("room") String room,
                            @Parameter(description = "The participant's identity") @PathParam("identity") String identity,
                            @RequestBody(required = true, description = "`{\"trackIds\": [\"TR_...\"]}`") InputStream body) {
        List<String> tracks = trackIds(read(body));
        call(() -> rooms.subscribe(room, identity, tracks, true));
        return message("Participant subscribed to tracks");
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Unsubscribe a participant from tracks",
            description = "Ends the participant's subscriptions to the given tracks.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Participant unsubscribed from tracks\"}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'trackIds' is required and must be an array`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or participant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{room}/participants/{identity}/unsubscribe")
    @Consumes(MediaType.WILDCARD)
    public String unsubscribe(@Parameter(description = "The room's name") @PathParam("room") String room,
                              @Parameter(description = "The participant's identity") @PathParam("identity") String identity,
                              @RequestBody(required = true, description = "`{\"trackIds\": [\"TR_...\"]}`") InputStream body) {
        List<String> tracks = trackIds(read(body));
        call(() -> rooms.subscribe(room, identity, tracks, false));
        return message("Participant unsubscribed from tracks");
    }

    private static List<String> trackIds(JsonNode body) {
        JsonNode ids = body.get("trackIds");
        if (ids == null || !ids.isArray()) throw TutorialError.badRequest("'trackIds' is required and must be an array");
        List<String> list = new ArrayList<>();
        ids.forEach(id -> list.add(id.asText()));
        return list;
    }

    private static JsonNode read(InputStream body) {
        return JsonBody.read(body, TutorialError::badRequest);
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RoomException e) {
            throw TutorialError.of(e);
        }
    }

    private static String wrap(String name, JsonNode value) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set(name, value);
        return n.toString();
    }

    private static String message(String text) {
        return LiveKitJson.JSON.createObjectNode().put("message", text).toString();
    }
}
