package gateway.webrtc.internal;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * WHIP (RFC 9725) into the stream registry without decoding: {@code POST /rtc/whip} with an SDP offer opens a live
 * stream fed with the publisher's Opus packets as they arrive; the session's {@code Location} is
 * {@code /rtc/whip/{stream id}}. A management endpoint: publishing is an operator's act. {@code OPTIONS} is answered
 * by {@link WhepCors}.
 */
@Component(service = WhipIngestResource.class)
@JaxrsResource
@JSONRequired
@Path("/rtc/whip")
@Management
public final class WhipIngestResource {
    /** Dynamic: the resource stays registered while the ingest is re-created with the transport (no JAX-RS churn). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile WhipIngest running;

    private WhipIngest ingest() {
        WhipIngest i = running;
        if (i == null) throw new ProblemException(503, "WebRTC publishing restarting", "WebRTC publishing is starting again; retry in a moment");
        return i;
    }

    @Operation(summary = "Publish a live stream (WHIP offer), without decoding",
            description = "Answers the publisher's SDP offer (RFC 9725; ICE-lite, all candidates in the answer) and opens a live "
                    + "stream (origin `webrtc`) fed with the publisher's Opus packets as they arrive. The stream's id is the last "
                    + "segment of `Location`.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = {@Header(name = "Location", description = "`/rtc/whip/{stream id}`, for `PATCH` and `DELETE`"),
                                   @Header(name = "ETag", description = "The session's entity tag")},
                        content = @Content(mediaType = WhepResource.SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not valid SDP or has no audio with Opus the gateway can receive"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "The WebRTC transport is full")})
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({WhepResource.SDP, "application/problem+json"})
    public Response publish(@HeaderParam("Content-Type") String contentType,
                            @Parameter(description = "The stream's `name` metadata") @QueryParam("name") String name,
                            @RequestBody(description = "The SDP offer", required = true,
                                    content = @Content(mediaType = WhepResource.SDP, schema = @Schema(type = "string"))) InputStream body) {
        if (!WhepResource.SDP.equals(WhepResource.mediaType(contentType))) {
            throw new ProblemException(415, "Unsupported media type", "POST an SDP offer with Content-Type " + WhepResource.SDP);
        }
        WhipIngest.Started started = ingest().start(WhepResource.read(body), name);
        return Response.status(201).type(WhepResource.SDP).entity(started.answer().getBytes(StandardCharsets.UTF_8))
                .header("Location", "/rtc/whip/" + started.streamId())
                .header("ETag", "\"" + started.streamId() + "\"")
                .header("Accept-Patch", WhepResource.SDPFRAG)
                .header("Cache-Control", "no-store").build();
    }

    @Operation(summary = "End a WebRTC publisher's stream",
            description = "Ends the publisher's WebRTC session and its live stream.",
            responses = {@ApiResponse(responseCode = "200", description = "Ended"),
                         @ApiResponse(responseCode = "404", description = "No WebRTC publisher of this stream")})
    @DELETE
    @Path("{stream}")
    public Response stop(@Parameter(description = "The stream id, from `Location`") @PathParam("stream") String stream) {
        ingest().get(stream).end("deleted", "the publisher ended the WHIP session (DELETE)");
        return Response.ok().build();
    }

    @Operation(summary = "Trickle ICE candidates of a publisher",
            description = "Accepted and not needed (the gateway is ICE-lite); an ICE restart is refused with 422.",
            responses = {@ApiResponse(responseCode = "204", description = "Accepted"),
                         @ApiResponse(responseCode = "404", description = "No WebRTC publisher of this stream"),
                         @ApiResponse(responseCode = "415", description = "Not `application/trickle-ice-sdpfrag`"),
                         @ApiResponse(responseCode = "422", description = "An ICE restart")})
    @PATCH
    @Path("{stream}")
    @Consumes(MediaType.WILDCARD)
    public Response trickle(@PathParam("stream") String stream, @HeaderParam("Content-Type") String contentType, InputStream body) {
        WhipPublisher p = ingest().get(stream);
        if (!WhepResource.SDPFRAG.equals(WhepResource.mediaType(contentType))) {
            throw new ProblemException(415, "Unsupported media type", "PATCH takes Content-Type " + WhepResource.SDPFRAG);
        }
        String ufrag = TrickleFragments.ufrag(WhepResource.read(body));
        if (ufrag != null && p.offerUfrag() != null && !ufrag.equals(p.offerUfrag())) {
            throw new ProblemException(422, "ICE restart not supported", "DELETE the session and POST a new offer");
        }
        return Response.noContent().build();
    }
}
