package gateway.rooms.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.AccessTokens;
import gateway.api.rooms.IngressException;
import gateway.api.rooms.IngressInput;
import gateway.api.rooms.IngressRequest;
import gateway.api.rooms.IngressService;
import gateway.api.rooms.IngressUpdate;
import gateway.api.rooms.InvalidTokenException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
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
 * LiveKit's Ingress service, {@code POST /twirp/livekit.Ingress/{method}} (Twirp, JSON): what
 * {@code livekit-server-sdk}'s {@code IngressClient} calls, authorised by a LiveKit access token with the
 * {@code ingressAdmin} grant.
 */
@Component(service = TwirpIngressResource.class)
@JaxrsResource
@JSONRequired
@Path("/twirp/livekit.Ingress")
public final class TwirpIngressResource {
    private final IngressService ingresses;
    private final AccessTokens tokens;

    @Activate
    public TwirpIngressResource(@Reference IngressService ingresses, @Reference AccessTokens tokens) {
        this.ingresses = ingresses;
        this.tokens = tokens;
    }

    /**
     * @param method        the Ingress method
     * @param authorization {@code Bearer <LiveKit token>}
     * @param contentType   must be JSON
     * @param body          the request message
     * @return the response message
     */
    @Operation(summary = "LiveKit Ingress (Twirp)",
            description = "LiveKit's Ingress service over Twirp with JSON bodies: `CreateIngress` (`WHIP_INPUT`, `URL_INPUT` with an http(s) "
                    + "URL serving Ogg/Opus or an `srt://` listener sending it, and the gateway's SRT push as input type 4, the number LiveKit's protocol reserves for `SRT_INPUT`; `RTMP_INPUT` is `unimplemented`), `UpdateIngress`, "
                    + "`ListIngress`, `DeleteIngress`. `Authorization: Bearer` a LiveKit access token signed with the gateway's API key "
                    + "and secret with the `ingressAdmin` grant. Errors are Twirp's `{\"code\", \"msg\"}`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The response message in proto3 JSON"),
                @ApiResponse(responseCode = "400", description = "`malformed` (not JSON) or `invalid_argument` (a field is missing or wrong)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "401", description = "`unauthenticated`: no token, or one the API key and secret do not verify, or expired", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "403", description = "`permission_denied`: the token has no `ingressAdmin` grant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "404", description = "`bad_route` (no such method, not JSON) or `not_found` (no such ingress)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "429", description = "`resource_exhausted`: the gateway holds `maxIngresses`", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class))),
                @ApiResponse(responseCode = "501", description = "`unimplemented`: RTMP input", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TwirpErrorBody.class)))})
    @POST
    @Path("{method}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public String call(@Parameter(description = "The method, e.g. `CreateIngress`") @PathParam("method") String method,
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
                case "CreateIngress" -> create(req);
                case "UpdateIngress" -> IngressJson.ingress(ingresses.update(id(req), update(req)), true).toString();
                case "ListIngress" -> {
                    ObjectNode n = LiveKitJson.JSON.createObjectNode();
                    n.set("items", IngressJson.list(ingresses.list(JsonBody.text(req, "roomName", "room_name"),
                            JsonBody.text(req, "ingressId", "ingress_id")), true));
                    yield n.toString();
                }
                case "DeleteIngress" -> IngressJson.ingress(ingresses.delete(id(req)), true).toString();
                default -> throw TwirpError.badRoute("no method livekit.Ingress/" + method + " here");
            };
        } catch (IngressException e) {
            throw IngressJson.twirp(e);
        }
    }

    private void authorize(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw TwirpError.unauthenticated("'Authorization: Bearer <access token>' is required");
        }
        AccessClaims claims;
        try {
            claims = tokens.verify(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw TwirpError.unauthenticated("invalid token: " + e.getMessage());
        }
        if (!claims.video().ingressAdmin()) throw TwirpError.permissionDenied("the token has no ingressAdmin grant");
    }

    private String create(JsonNode req) {
        IngressInput input = IngressJson.input(JsonBody.field(req, "inputType", "input_type"));
        if (input == null) throw TwirpError.invalidArgument("inputType must be RTMP_INPUT, WHIP_INPUT, URL_INPUT or 4 (SRT_INPUT, the number LiveKit's protocol reserves for it; 3, its reserved FILE_INPUT, is not served: pull a file with URL_INPUT)");
        JsonNode enabled = JsonBody.field(req, "enabled");
        IngressRequest request = new IngressRequest(input, JsonBody.text(req, "name"), JsonBody.text(req, "roomName", "room_name"),
                JsonBody.text(req, "participantIdentity", "participant_identity"), JsonBody.text(req, "participantName", "participant_name"),
                JsonBody.text(req, "participantMetadata", "participant_metadata"), JsonBody.text(req, "url"), enabled == null || enabled.asBoolean(true));
        return IngressJson.ingress(ingresses.create(request), true).toString();
    }

    private static String id(JsonNode req) {
        String id = JsonBody.text(req, "ingressId", "ingress_id");
        if (id == null || id.isEmpty()) throw TwirpError.invalidArgument("ingressId is required");
        return id;
    }

    private static IngressUpdate update(JsonNode req) {
        JsonNode enabled = JsonBody.field(req, "enabled");
        return new IngressUpdate(JsonBody.text(req, "name"), JsonBody.text(req, "roomName", "room_name"),
                JsonBody.text(req, "participantIdentity", "participant_identity"), JsonBody.text(req, "participantName", "participant_name"),
                JsonBody.text(req, "participantMetadata", "participant_metadata"), enabled == null ? null : enabled.asBoolean());
    }
}
