package gateway.rooms.rest.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code POST /token}: a participant token for a room, as the tutorial's application server mints it. Two services
 * carry it: {@link PublicTokenResource} (the default) and {@link ManagedTokenResource}; the configuration selects one.
 */
public abstract class TokenResource {
    private final TokenIssuer issuer;

    protected TokenResource(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /**
     * @param body {@code {roomName, participantName}}
     * @return {@code {"token"}}
     */
    @Operation(summary = "Mint a participant token",
            description = "A LiveKit access token (JWT, HS256, signed with the gateway's API secret) for `participantName` "
                    + "(or `participantIdentity`) in `roomName`: `sub` = the identity, and the `video` grant `roomJoin`, `room`, "
                    + "`canPublish`, `canSubscribe`, `canPublishData`. Valid for `tokenTtlSeconds` (6 hours). Public unless "
                    + "`publicToken = false`.",
            responses = {
                @ApiResponse(responseCode = "200", description = "`{\"token\": \"<jwt>\"}`"),
                @ApiResponse(responseCode = "400", description = "`{\"errorMessage\": \"'roomName' and 'participantName' are required\"}`, "
                        + "or the body is not a JSON object", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorMessageBody.class))),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong (only with `publicToken = false`)")})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(value = "{\"roomName\": \"Test Room\", \"participantName\": \"Participant1\"}"))) InputStream body) {
        String token = issuer.issue(JsonBody.read(body, TutorialError::badRequest));
        return Response.ok(LiveKitJson.JSON.createObjectNode().put("token", token).toString(), MediaType.APPLICATION_JSON).build();
    }
}
