package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.http.Management;
import gateway.api.rooms.IngressException;
import gateway.api.rooms.IngressInfo;
import gateway.api.rooms.IngressInput;
import gateway.api.rooms.IngressRequest;
import gateway.api.rooms.IngressService;
import gateway.api.rooms.IngressUpdate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
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
 * The ingress endpoints of the tutorial's application server, served at {@code /ingress} (the document) and
 * {@code /ingresses} (its implementations) by the two resources below: bodies and messages as the tutorial has them,
 * ingresses in LiveKit's JSON, errors as {@code {"errorMessage"}} (404 for unknown ingresses). Both are behind the
 * management token.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class IngressResource {
    private static final String ERRORS = "`{\"errorMessage\"}`: ";
    private final IngressService ingresses;

    IngressResource(IngressService ingresses) {
        this.ingresses = ingresses;
    }

    /** The endpoints at {@code /ingress}, the document's path. */
    @Component(service = Singular.class)
    @JaxrsResource
    @JSONRequired
    @Path("/ingress")
    @Management
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Singular extends IngressResource {
        @Activate
        public Singular(@Reference IngressService ingresses) {
            super(ingresses);
        }
    }

    /** The endpoints at {@code /ingresses}, the path of the tutorial's implementations. */
    @Component(service = Plural.class)
    @JaxrsResource
    @JSONRequired
    @Path("/ingresses")
    @Management
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Plural extends IngressResource {
        @Activate
        public Plural(@Reference IngressService ingresses) {
            super(ingresses);
        }
    }

    /** @return 201 {@code {"ingress"}} */
    @Operation(summary = "Create an ingress",
            description = "`whip`: a WHIP URL and stream key (bearer token) to push Opus to; `srt`: an `srt://` URL (stream id = the ingress id) "
                    + "to push Ogg/Opus to with the stream key as passphrase; `url`: pulls Ogg/Opus at once from an `http(s)://` URL (e.g. an Icecast "
                    + "mount) or an `srt://host:port` listener (`streamid`, `passphrase`, `pbkeylen`, `latency` in the query). The publisher becomes the participant `participantIdentity` of `roomName`, its audio untouched. `rtmp` "
                    + "is refused (400) with the alternatives.",
            responses = {
                @ApiResponse(responseCode = "201", description = "`{\"ingress\": {...}}`: LiveKit's IngressInfo, with `url` and `streamKey`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' and 'participantIdentity' are required`, "
                        + "`'roomName', 'participantIdentity' and 'url' are required`, a URL that is not http(s) or srt, or `rtmp`",
                        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such ingress type", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "503", description = ERRORS + "the gateway holds `maxIngresses` ingresses", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @POST
    @Path("{type}")
    @Consumes(MediaType.WILDCARD)
    public Response create(@Parameter(description = "`whip`, `url`, `srt` (or `rtmp`, refused)", example = "whip") @PathParam("type") String type,
                           @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   examples = @ExampleObject(value = "{\"roomName\": \"Test Room\", \"participantIdentity\": \"Ingress-Participant\"}")))
                           InputStream body) {
        IngressInput input = switch (type) {
            case "rtmp" -> IngressInput.RTMP_INPUT;
            case "whip" -> IngressInput.WHIP_INPUT;
            case "url" -> IngressInput.URL_INPUT;
            case "srt" -> IngressInput.SRT_INPUT;
            default -> throw new TutorialError(404, "no ingress type '" + type + "': rtmp, whip, url or srt");
        };
        JsonNode req = JsonBody.read(body, TutorialError::badRequest);
        String room = JsonBody.text(req, "roomName");
        String identity = JsonBody.text(req, "participantIdentity");
        String url = JsonBody.text(req, "url");
        if (input == IngressInput.URL_INPUT && (blank(room) || blank(identity) || blank(url))) {
            throw TutorialError.badRequest("'roomName', 'participantIdentity' and 'url' are required");
        }
        if (blank(room) || blank(identity)) throw TutorialError.badRequest("'roomName' and 'participantIdentity' are required");
        JsonNode enabled = JsonBody.field(req, "enabled");
        IngressRequest request = new IngressRequest(input, JsonBody.text(req, "name"), room, identity, JsonBody.text(req, "participantName"),
                JsonBody.text(req, "participantMetadata"), url, enabled == null || enabled.asBoolean(true));
        IngressInfo created = call(() -> ingresses.create(request));
        return Response.status(201).entity(wrap("ingress", IngressJson.ingress(created, false))).build();
    }

    /** @return {@code {"ingresses"}} */
    @Operation(summary = "List ingresses", description = "Every ingress, or those of `roomName`, or the one `ingressId`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"ingresses\": [...]}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong")})
    @GET
    public String list(@Parameter(description = "Only this ingress") @QueryParam("ingressId") String ingressId,
                       @Parameter(description = "Only this room's ingresses") @QueryParam("roomName") String roomName) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set("ingresses", IngressJson.list(ingresses.list(roomName, ingressId), false));
        return n.toString();
    }

    /** @return {@code {"ingress"}} */
    @Operation(summary = "Update an ingress",
            description = "Moves the ingress to `roomName` (and takes `participantIdentity`, `participantName`, `name`, `enabled` when given); "
                    + "applies from its next input on.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"ingress\": {...}}`"),
                @ApiResponse(responseCode = "400", description = ERRORS + "`'roomName' is required`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such ingress", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    public String update(@Parameter(description = "The ingress id", example = "IN_3kqJ8fRzLw2T") @PathParam("id") String id,
                         @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                 examples = @ExampleObject(value = "{\"roomName\": \"Test Room\"}"))) InputStream body) {
        JsonNode req = JsonBody.read(body, TutorialError::badRequest);
        String room = JsonBody.text(req, "roomName");
        if (blank(room)) throw TutorialError.badRequest("'roomName' is required");
        JsonNode enabled = JsonBody.field(req, "enabled");
        IngressUpdate update = new IngressUpdate(JsonBody.text(req, "name"), room, JsonBody.text(req, "participantIdentity"),
                JsonBody.text(req, "participantName"), JsonBody.text(req, "participantMetadata"), enabled == null ? null : enabled.asBoolean());
        return wrap("ingress", IngressJson.ingress(call(() -> ingresses.update(id, update)), false));
    }

    /** @return {@code {"message"}} */
    @Operation(summary = "Delete an ingress", description = "Stops its input; its participant leaves the room.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"message\": \"Ingress deleted\"}`"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "404", description = ERRORS + "no such ingress", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class)))})
    @DELETE
    @Path("{id}")
    public String delete(@Parameter(description = "The ingress id", example = "IN_3kqJ8fRzLw2T") @PathParam("id") String id) {
        call(() -> ingresses.delete(id));
        return LiveKitJson.JSON.createObjectNode().put("message", "Ingress deleted").toString();
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (IngressException e) {
            throw IngressJson.tutorial(e);
        }
    }

    private static String wrap(String name, JsonNode value) {
        ObjectNode n = LiveKitJson.JSON.createObjectNode();
        n.set(name, value);
        return n.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
