package gateway.whip.internal;

import gateway.api.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The reference service's API: {@code POST /stream} requests a bridge to an SRT target and answers with
 * the port of its WHIP endpoint and the STUN server to use, in the reference's shapes and status codes.
 */
@Component(service = StreamResource.class)
@JaxrsResource
@JSONRequired
@Path("/stream")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamResource {

    /**
     * The SRT target.
     *
     * @param host     host name or address of the SRT listener
     * @param port     its UDP port
     * @param password the SRT passphrase (10–79 characters), or null
     */
    @Schema(description = "The SRT listener the bridge sends to")
    public record Srt(
            @Schema(description = "Host name or address of the SRT listener", requiredMode = Schema.RequiredMode.REQUIRED, example = "127.0.0.1") String host,
            @Schema(description = "Its UDP port", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "65535", example = "10300") Integer port,
            @Schema(description = "The SRT passphrase (10–79 characters), e.g. the token of a reservation; none for an unencrypted target",
                    minLength = 10, maxLength = 79, example = "9f86d081884c7d659a2feaa0c55ad015") String password) {}

    /**
     * A STUN server.
     *
     * @param host host name or address
     * @param port UDP port
     */
    @Schema(description = "A STUN server")
    public record Stun(
            @Schema(description = "Host name or address", requiredMode = Schema.RequiredMode.REQUIRED, example = "stun.l.google.com") String host,
            @Schema(description = "UDP port", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "1", maximum = "65535", example = "19302") Integer port) {}

    /**
     * The stream request.
     *
     * @param codec  "opus" (the default and only value)
     * @param format "ogg" (the default and only value)
     * @param srt    where to send the stream, required
     * @param stun   the STUN server to announce, or null for the configured one
     */
    @Schema(description = "A bridge request")
    public record StreamRequest(
            @Schema(description = "The codec sent over SRT", allowableValues = "opus", defaultValue = "opus") String codec,
            @Schema(description = "The container sent over SRT", allowableValues = "ogg", defaultValue = "ogg") String format,
            @Schema(description = "Where to send the stream", requiredMode = Schema.RequiredMode.REQUIRED) Srt srt,
            @Schema(description = "The STUN server to announce to the client; the configured one when absent") Stun stun) {}

    /**
     * The bridge.
     *
     * @param stun the STUN server the client should use
     * @param port the port of the bridge's WHIP endpoint ({@code http://<host>:<port>/whip/endpoint})
     */
    @Schema(description = "The bridge: where to publish and which STUN server to use")
    public record StreamResponse(
            @Schema(description = "The STUN server the client should use", requiredMode = Schema.RequiredMode.REQUIRED) Stun stun,
            @Schema(description = "The port of the bridge's WHIP endpoint, `http://<host>:<port>/whip/endpoint`", requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "10301") int port) {}

    private final WhipBridges bridges;

    @Activate
    public StreamResource(@Reference WhipBridges bridges) {
        this.bridges = bridges;
    }

    /**
     * Requests a bridge from a WHIP endpoint to an SRT target. The endpoint accepts connections when this
     * answers. The 201 also carries the bridge's WHIP URL on this server in {@code Location}.
     *
     * @param request the SRT target, optional STUN server, codec and format
     * @return 201 with the STUN server and the WHIP port; 400 for an invalid body or an SRT host without an
     *         address; 409 when no port is free; 504 when the name service does not answer for the SRT host
     */
    @Operation(summary = "Request a WHIP-to-SRT bridge",
            description = "Takes a port from the pool and starts a WHIP endpoint there (`http://<host>:<port>/whip/endpoint`) and "
                    + "on this server (`/whip/{bridge}`, the `Location` of the answer). A WHIP client that publishes to it has its "
                    + "audio re-encoded to Opus and sent as Ogg/Opus over SRT to the target, e.g. a reservation of this "
                    + "gateway's own SRT ingest (`POST /reserve`). The endpoint accepts connections when this answers. The bridge "
                    + "ends, frees its port and says why when the publisher ends the session, no media arrives for "
                    + "`noMediaTimeoutSeconds`, WebRTC fails, or the SRT target refuses, cannot be reached or disconnects.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The bridge's WHIP endpoint accepts connections",
                        headers = @Header(name = "Location", description = "The bridge's WHIP endpoint on this server, `/whip/{bridge}`"),
                        content = @Content(schema = @Schema(implementation = StreamResponse.class))),
                @ApiResponse(responseCode = "400", description = "The body is not JSON, `srt` is missing or invalid, the password is not 10–79 "
                        + "characters, or the codec or format is not supported"),
                @ApiResponse(responseCode = "409", description = "Every port of the pool is in use")})
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(@RequestBody(required = true, content = @Content(examples = @ExampleObject(
            name = "reservation", summary = "Bridge to a reservation of this gateway's SRT ingest",
            value = "{\"srt\": {\"host\": \"127.0.0.1\", \"port\": 10300, \"password\": \"9f86d081884c7d659a2feaa0c55ad015\"}}"))) StreamRequest request) {
        BridgeRequest r = validate(request, bridges.defaultStunHost(), bridges.defaultStunPort());
        Bridge bridge;
        try {
            bridge = bridges.request(r);
        } catch (WhipException e) {
            return WhipProblem.of(e).response();
        }
        return Response.status(Response.Status.CREATED)
                .header("Location", "/whip/" + bridge.id())
                .entity(new StreamResponse(new Stun(r.stunHost(), r.stunPort()), bridge.port())).build();
    }

    static BridgeRequest validate(StreamRequest request, String defaultStunHost, int defaultStunPort) {
        if (request == null) throw ProblemException.badRequest("the body must be a JSON object with 'srt': {\"host\", \"port\"}");
        String codec = request.codec() == null ? "opus" : request.codec();
        if (!codec.equals("opus")) throw ProblemException.badRequest("unsupported codec '" + codec + "': the only codec is 'opus'");
        String format = request.format() == null ? "ogg" : request.format();
        if (!format.equals("ogg")) throw ProblemException.badRequest("unsupported format '" + format + "': the only format is 'ogg'");
        Srt srt = request.srt();
        if (srt == null) throw ProblemException.badRequest("'srt' is required: {\"host\": ..., \"port\": ...}");
        if (srt.host() == null || srt.host().isBlank()) throw ProblemException.badRequest("'srt.host' is required");
        if (srt.port() == null || srt.port() < 1 || srt.port() > 65_535) throw ProblemException.badRequest("'srt.port' must be a port number (1–65535)");
        String password = srt.password();
        if (password != null && (password.length() < 10 || password.length() > 79)) {
            throw ProblemException.badRequest("'srt.password' must have 10 to 79 characters (an SRT passphrase)");
        }
        String stunHost = defaultStunHost;
        int stunPort = defaultStunPort;
        if (request.stun() != null) {
            if (request.stun().host() == null || request.stun().host().isBlank()) throw ProblemException.badRequest("'stun.host' is required");
            if (request.stun().port() == null || request.stun().port() < 1 || request.stun().port() > 65_535) {
                throw ProblemException.badRequest("'stun.port' must be a port number (1–65535)");
            }
            stunHost = request.stun().host().trim();
            stunPort = request.stun().port();
        }
        return new BridgeRequest(srt.host().trim(), srt.port(), password, stunHost, stunPort);
    }
}
