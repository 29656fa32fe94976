package gateway.whip.internal;

import gateway.api.http.ProblemException;
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
    public record Srt(String host, Integer port, String password) {}

    /**
     * A STUN server.
     *
     * @param host host name or address
     * @param port UDP port
     */
    public record Stun(String host, Integer port) {}

    /**
     * The stream request.
     *
     * @param codec  "opus" (the default and only value)
     * @param format "ogg" (the default and only value)
     * @param srt    where to send the stream, required
     * @param stun   the STUN server to announce, or null for the configured one
     */
    public record StreamRequest(String codec, String format, Srt srt, Stun stun) {}

    /**
     * The bridge.
     *
     * @param stun the STUN server the client should use
     * @param port the port of the bridge's WHIP endpoint ({@code http://<host>:<port>/whip/endpoint})
     */
    public record StreamResponse(Stun stun, int port) {}

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
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(StreamRequest request) {
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
