package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.http.Management;
import gateway.api.rooms.EgressException;
import gateway.api.rooms.EgressInfo;
import gateway.api.rooms.EgressRequest;
import gateway.api.rooms.EgressService;
import gateway.api.rooms.RoomException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * The egress endpoints of the tutorial's application server: audio recordings and SRT streams of the gateway's rooms,
 * objects in LiveKit's JSON, errors as {@code {"errorMessage"}} (404 for unknown rooms, participants, tracks and
 * egresses). Served at {@code /egress} (the document, {@link EgressResource}) and {@code /egresses} (the tutorial's
 * servers, {@link EgressesResource}) while the egress service ({@code gateway.rooms.egress}) runs. Behind the
 * management token.
 */
@Management
@Produces(MediaType.APPLICATION_JSON)
public abstract class EgressEndpoints {
    private static final String ERRORS = "`{\"errorMessage\"}`: ";
    private final EgressService egresses;

    /** @param egresses the egress service */
    protected EgressEndpoints(EgressService egresses) {
        this.egresses = egresses;
    }

    /** @return 201 {@code {"egress"}} */
    @Operation(summary = "Record a room (its audio mixed)",
            description = "Starts a room-composite egress: the room's audio, mixed once per room, recorded by the recorder as Ogg/Opus "
                    + "(its recordings are listed in the egress's `fileResults` and on `/recordings?event=<egressId>`).",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"egress\": {...}}`: LiveKit's EgressInfo"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' is required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("room-composite")
    @Consumes(MediaType.WILDCARD)
    public Response roomComposite(@RequestBody(required = true, description = "`{\"roomName\": \"Test Room\"}`") InputStream body) {
        JsonNode b = read(body);
        String room = JsonBody.text(b, "roomName");
        if (blank(room)) throw TutorialError.badRequest("'roomName' is required");
        return created(() -> egresses.start(new EgressRequest(EgressRequest.Kind.ROOM_COMPOSITE, room, null, null, List.of())));
    }

    /** @return 201 {@code {"egress"}} */
    @Operation(summary = "Stream a room's mix to SRT",
            description = "Streams the room's audio mix as Ogg/Opus to `streamUrl`: an `srt://host:port` URL with `streamid`, `passphrase` "
                    + "(10–79 characters), `pbkeylen` and `latency` (ms) as query parameters; a list of URLs is accepted too. "
                    + "RTMP is not supported (it needs video).",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"egress\": {...}}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' and 'streamUrl' are required`, or a URL that is not `srt://`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("stream")
    @Consumes(MediaType.WILDCARD)
    public Response stream(@RequestBody(required = true, description = "`{\"roomName\": \"Test Room\", \"streamUrl\": \"srt://host:9000?streamid=live\"}`") InputStream body) {
        JsonNode b = read(body);
        String room = JsonBody.text(b, "roomName");
        JsonNode url = JsonBody.field(b, "streamUrl");
        List<String> urls = new ArrayList<>();
        if (url != null && url.isArray()) url.forEach(u -> urls.add(u.asText()));
        else if (url != null && !url.asText().isEmpty()) urls.add(url.asText());
        if (blank(room) || urls.isEmpty()) throw TutorialError.badRequest("'roomName' and 'streamUrl' are required");
        return created(() -> egresses.start(new EgressRequest(EgressRequest.Kind.ROOM_COMPOSITE, room, null, null, urls)));
    }

    /** @return 201 {@code {"egress"}} */
    @Operation(summary = "Record a participant",
            description = "Records the participant's audio track (its first one) with its Opus packets unchanged.",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"egress\": {...}}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' and 'participantIdentity' are required`, or the participant publishes no track", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or participant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("participant")
    @Consumes(MediaType.WILDCARD)
    public Response participant(@RequestBody(required = true, description = "`{\"roomName\": \"Test Room\", \"participantIdentity\": \"Participant1\"}`") InputStream body) {
        JsonNode b = read(body);
        String room = JsonBody.text(b, "roomName");
        String identity = JsonBody.text(b, "participantIdentity");
        if (blank(room) || blank(identity)) throw TutorialError.badRequest("'roomName' and 'participantIdentity' are required");
        return created(() -> egresses.start(new EgressRequest(EgressRequest.Kind.PARTICIPANT, room, identity, null, List.of())));
    }

    /** @return 201 {@code {"egress"}} */
    @Operation(summary = "Record a track composite (its audio track)",
            description = "Records `audioTrackId` with its Opus packets unchanged. Rooms carry no video: a `videoTrackId` is refused.",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"egress\": {...}}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' and 'audioTrackId' are required`, or a `videoTrackId`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or track", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("track-composite")
    @Consumes(MediaType.WILDCARD)
    public Response trackComposite(@RequestBody(required = true, description = "`{\"roomName\": \"Test Room\", \"audioTrackId\": \"TR_...\"}`") InputStream body) {
        JsonNode b = read(body);
        String room = JsonBody.text(b, "roomName");
        String audio = JsonBody.text(b, "audioTrackId");
        if (blank(room) || blank(audio)) throw TutorialError.badRequest("'roomName' and 'audioTrackId' are required");
        String video = JsonBody.text(b, "videoTrackId");
        if (!blank(video)) throw error(EgressRequests.unsupported("videoTrackId: rooms carry audio only and video is not supported"));
        return created(() -> egresses.start(new EgressRequest(EgressRequest.Kind.TRACK_COMPOSITE, room, null, audio, List.of())));
    }

    /** @return 201 {@code {"egress"}} */
    @Operation(summary = "Record a track",
            description = "Records the track with its Opus packets unchanged.",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"egress\": {...}}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' and 'trackId' are required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such room or track", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("track")
    @Consumes(MediaType.WILDCARD)
    public Response track(@RequestBody(required = true, description = "`{\"roomName\": \"Test Room\", \"trackId\": \"TR_...\"}`") InputStream body) {
        JsonNode b = read(body);
        String room = JsonBody.text(b, "roomName");
        String track = JsonBody.text(b, "trackId");
        if (blank(room) || blank(track)) throw TutorialError.badRequest("'roomName' and 'trackId' are required");
        return created(() -> egresses.start(new EgressRequest(EgressRequest.Kind.TRACK, room, null, track, List.of())));
    }

    /** @return never: refused */
    @Operation(summary = "Record a web page (not supported)",
            description = "Refused with 400: recording a web page needs a browser and video.",
            responses = {
                @ApiResponse(responseCode = "201", description = "Never given: the tutorial's `{\"egress\"}` for a web egress, which the gateway refuses"),
                @ApiResponse(responseCode = "400", description = ERRORS + "what the gateway records instead", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong")})
    @POST
    @Path("web")
    @Consumes(MediaType.WILDCARD)
    public Response web(@RequestBody(required = true, description = "`{\"url\": \"https://openvidu.io\"}`") InputStream body) {
        read(body);
        throw error(EgressRequests.unsupported("web egress records a page with a browser and video, which the gateway does not do"));
    }

    /** @return {@code {"egresses"}} */
    @Operation(summary = "List egresses",
            description = "Egresses, oldest first (ended ones for an hour), filtered by `egressId`, `roomName` and `active=true`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"egresses\": [...]}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong")})
    @GET
    public String list(@Parameter(description = "Only this egress") @QueryParam("egressId") String egressId,
                       @Parameter(description = "Only this room's") @QueryParam("roomName") String roomName,
                       @Parameter(description = "`true`: only those still running") @QueryParam("active") String active) {
        ArrayNode list = LiveKitJson.JSON.createArrayNode();
        for (EgressInfo e : egresses.list(roomName, egressId, "true".equalsIgnoreCase(active))) list.add(EgressJson.egress(e));
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("egresses", list);
        return n.toString();
    }

    /** @return never: refused */
    @Operation(summary = "Update an egress's layout (not supported)",
            description = "Layouts arrange video; refused with 400 for an egress that exists, 404 otherwise.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Never given: the tutorial's `{\"egress\"}` after a layout change, which the gateway refuses"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'layout' is required`, or layouts are not supported", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such egress", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{egressId}/layout")
    @Consumes(MediaType.WILDCARD)
    public String layout(@Parameter(description = "The egress") @PathParam("egressId") String egressId,
                         @RequestBody(required = true, description = "`{\"layout\": \"speaker\"}`") InputStream body) {
        String layout = JsonBody.text(read(body), "layout");
        if (blank(layout)) throw TutorialError.badRequest("'layout' is required");
        if (egresses.egress(egressId).isEmpty()) throw new TutorialError(404, "egress " + egressId + " does not exist");
        throw error(EgressRequests.unsupported("layout '" + layout + "' arranges video; layouts are not supported"));
    }

    /** @return {@code {"egress"}} */
    @Operation(summary = "Add and remove stream URLs",
            description = "Adds `srt://` URLs to a running stream egress and removes others (as given or as listed, passphrase masked).",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"egress\": {...}}` after the change"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'streamUrlsToAdd' and 'streamUrlsToRemove' must be arrays`, a URL that is not `srt://` or not streamed to", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such egress", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "409", description = ERRORS + "the egress has ended, or it records", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{egressId}/streams")
    @Consumes(MediaType.WILDCARD)
    public String streams(@Parameter(description = "The egress") @PathParam("egressId") String egressId,
                          @RequestBody(required = true, description = "`{\"streamUrlsToAdd\": [\"srt://host:9000\"], \"streamUrlsToRemove\": []}`") InputStream body) {
        JsonNode b = read(body);
        JsonNode add = b.get("streamUrlsToAdd");
        JsonNode remove = b.get("streamUrlsToRemove");
        if ((add != null && !add.isArray()) || (remove != null && !remove.isArray()) || (add == null && remove == null)) {
            throw TutorialError.badRequest("'streamUrlsToAdd' and 'streamUrlsToRemove' must be arrays");
        }
        List<String> a = new ArrayList<>();
        List<String> r = new ArrayList<>();
        if (add != null) add.forEach(u -> a.add(u.asText()));
        if (remove != null) remove.forEach(u -> r.add(u.asText()));
        return wrap(call(() -> egresses.updateStream(egressId, a, r)));
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Stop an egress",
            description = "Stops the egress: its recording is finished (then `EGRESS_COMPLETE`) or its streams closed.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Egress stopped\"}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such egress", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "409", description = ERRORS + "the egress has ended already", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @DELETE
    @Path("{egressId}")
    public String stop(@Parameter(description = "The egress") @PathParam("egressId") String egressId) {
        call(() -> egresses.stop(egressId));
        return LiveKitJson.JSON.createObjectNode().put("message", "Egress stopped").toString();
    }

    private Response created(Supplier<EgressInfo> start) {
        return Response.status(201).entity(wrap(call(start))).build();
    }

    private static String wrap(EgressInfo e) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("egress", EgressJson.egress(e));
        return n.toString();
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (RoomException e) {
            throw TutorialError.of(e);
        } catch (EgressException e) {
            throw error(e);
        }
    }

    private static TutorialError error(EgressException e) {
        int status = switch (e.reason()) {
            case NOT_FOUND -> 404;
            case NOT_SUPPORTED, INVALID -> 400;
            case NOT_ACTIVE -> 409;
        };
        return new TutorialError(status, e.getMessage());
    }

    private static JsonNode read(InputStream body) {
        return JsonBody.read(body, TutorialError::badRequest);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
