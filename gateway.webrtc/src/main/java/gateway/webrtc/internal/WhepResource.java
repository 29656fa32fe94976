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
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * WHEP (the IETF draft "WebRTC-HTTP Egress Protocol") for every live stream: {@code POST /whep/{stream}} with an SDP
 * offer answers 201 with the SDP answer and the session's {@code Location}; {@code DELETE} on it ends the session;
 * {@code PATCH} takes trickle ICE fragments. {@code OPTIONS} (CORS preflight, ICE servers) is answered by {@link
 * WhepCors} before authentication, since browsers send it without credentials.
 *
 * <p>Two services carry these methods: {@link ManagedWhepResource} (the default: the management token is required)
 * and {@link PublicWhepResource} ({@code publicPlayback = true}); the configuration selects one.
 */
public abstract class WhepResource {
    static final String SDP = "application/sdp";
    static final String SDPFRAG = "application/trickle-ice-sdpfrag";

    /** @return the sessions component running now, or null while it is being re-created */
    protected abstract WhepSessions running();

    private WhepSessions sessions() {
        WhepSessions s = running();
        if (s == null) throw new ProblemException(503, "WHEP restarting", "WHEP playback is starting again; retry in a moment");
        return s;
    }

    /** @return the running sessions */
    @Operation(summary = "List WHEP sessions",
            description = "The running WHEP listeners: id, stream, state, remote address, SRTP profile, packets and bytes sent, "
                    + "losses and round-trip time the listener reports.",
            responses = @ApiResponse(responseCode = "200", description = "The sessions"))
    @GET
    @Management
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        return sessions().list();
    }

    /**
     * Plays a stream: answers a WHEP offer.
     *
     * @param stream      the stream id
     * @param contentType must be application/sdp
     * @param body        the SDP offer
     * @param request     the servlet request, which carries the refusal of an offer {@link WhepOfferFilter} read
     * @return 201 with the SDP answer
     */
    @Operation(summary = "Play a live stream (WHEP offer)",
            description = "Answers the listener's SDP offer (WHEP) with all of the gateway's ICE candidates (ICE-lite; no "
                    + "server-side trickle). The offer needs an audio section that can receive Opus, with DTLS-SRTP and rtcp-mux; "
                    + "other sections are rejected. The stream's Opus packets go to the listener as the publisher sent them.",
            responses = {
                @ApiResponse(responseCode = "201", description = "The SDP answer",
                        headers = {@Header(name = "Location", description = "The session's URL, for `PATCH` and `DELETE`"),
                                   @Header(name = "ETag", description = "The session's entity tag, for `If-Match` on `PATCH`"),
                                   @Header(name = "Link", description = "The configured ICE servers, `<stun:host:port>; rel=\"ice-server\"`")},
                        content = @Content(mediaType = SDP, schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "400", description = "The offer is not valid SDP, or has no usable audio (no Opus, no DTLS-SRTP, no rtcp-mux)"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong (unless `publicPlayback` is set)"),
                @ApiResponse(responseCode = "404", description = "No live stream with this id"),
                @ApiResponse(responseCode = "409", description = "The stream is not Opus"),
                @ApiResponse(responseCode = "413", description = "The offer is too large"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/sdp`"),
                @ApiResponse(responseCode = "503", description = "The gateway plays to `maxSessions` listeners already")})
    @POST
    @Path("{stream}")
    @Consumes(MediaType.WILDCARD)
    @Produces({SDP, "application/problem+json"})
    public Response play(@Parameter(description = "The live stream's id, as `GET /streams` lists it") @PathParam("stream") String stream,
                         @HeaderParam("Content-Type") String contentType,
                         @RequestBody(description = "The SDP offer", required = true,
                                 content = @Content(mediaType = SDP, schema = @Schema(type = "string"))) InputStream body,
                         @Context HttpServletRequest request) {
        // an offer WhepOfferFilter read and the sessions refused: its refusal, not asked for again
        if (request != null && request.getAttribute(WhepOfferFilter.REFUSED) instanceof RuntimeException refused) throw refused;
        long began = System.nanoTime();
        if (!SDP.equals(mediaType(contentType))) {
            throw new ProblemException(415, "Unsupported media type", "POST an SDP offer with Content-Type " + SDP
                    + (contentType == null ? "" : ", not " + contentType));
        }
        WhepSessions sessions = sessions();
        WhepSessions.Started started = sessions.start(stream, read(body));
        Response.ResponseBuilder r = Response.status(201).type(SDP).entity(started.answer().getBytes(StandardCharsets.UTF_8));
        answerHeaders(sessions, stream, started, r::header);
        Response answered = r.build();
        sessions.answered(System.nanoTime() - began);
        return answered;
    }

    /**
     * Ends a session.
     *
     * @param stream  the stream id
     * @param session the session id
     * @return 200
     */
    @Operation(summary = "End a WHEP session",
            description = "Ends the listener's session: its WebRTC peer is closed and it leaves the stream's attachments.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ended"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong (unless `publicPlayback` is set)"),
                @ApiResponse(responseCode = "404", description = "No such session on this stream")})
    @DELETE
    @Path("{stream}/{session}")
    public Response stop(@Parameter(description = "The stream id") @PathParam("stream") String stream,
                         @Parameter(description = "The session id, from the `Location` of the answer") @PathParam("session") String session) {
        sessions().get(stream, session).end(EndCause.DELETED, "the listener ended the WHEP session (DELETE)");
        return Response.ok().header("Cache-Control", "no-store").build();
    }

    /**
     * Trickle ICE from the listener. The gateway is ICE-lite: it learns the listener's address from the listener's own
     * connectivity checks, so candidates need not be applied; an ICE restart is refused.
     *
     * @return 204; 422 for an ICE restart
     */
    @Operation(summary = "Trickle ICE candidates",
            description = "Accepts the listener's late ICE candidates (`application/trickle-ice-sdpfrag`). The gateway is "
                    + "ICE-lite and learns the listener's address from its connectivity checks, so the candidates are not needed "
                    + "and not applied. ICE restarts (new credentials) are refused with 422: end the session and play again.",
            responses = {
                @ApiResponse(responseCode = "204", description = "Accepted"),
                @ApiResponse(responseCode = "401", description = "The management token is missing or wrong (unless `publicPlayback` is set)"),
                @ApiResponse(responseCode = "404", description = "No such session on this stream"),
                @ApiResponse(responseCode = "412", description = "`If-Match` does not match the session's ETag"),
                @ApiResponse(responseCode = "415", description = "The Content-Type is not `application/trickle-ice-sdpfrag`"),
                @ApiResponse(responseCode = "422", description = "An ICE restart")})
    @PATCH
    @Path("{stream}/{session}")
    @Consumes(MediaType.WILDCARD)
    public Response trickle(@Parameter(description = "The stream id") @PathParam("stream") String stream,
                            @Parameter(description = "The session id, from the `Location` of the answer") @PathParam("session") String session,
                            @HeaderParam("Content-Type") String contentType,
                            @Parameter(description = "The session's ETag, or `*`") @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(description = "An SDP fragment", required = true,
                                    content = @Content(mediaType = SDPFRAG, schema = @Schema(type = "string"))) InputStream body) {
        WhepSession s = sessions().get(stream, session);
        if (!SDPFRAG.equals(mediaType(contentType))) {
            throw new ProblemException(415, "Unsupported media type", "PATCH takes Content-Type " + SDPFRAG
                    + (contentType == null ? "" : ", not " + contentType));
        }
        if (ifMatch != null && !ifMatch.trim().equals("*") && !ifMatch.trim().equals(etag(s.id()))) {
            throw new ProblemException(412, "Precondition failed", "If-Match " + ifMatch + " does not match the session's ETag");
        }
        String ufrag = TrickleFragments.ufrag(read(body));
        if (ufrag != null && s.offerUfrag() != null && !ufrag.equals(s.offerUfrag())) {
            throw new ProblemException(422, "ICE restart not supported",
                    "this endpoint does not restart ICE; DELETE the session and POST a new offer");
        }
        return Response.noContent().header("ETag", etag(s.id())).build();
    }

    /**
     * Adds the headers of a 201 answer to an offer (besides Content-Type and the CORS headers), for this resource and
     * for {@link WhepOfferFilter}, which answers offers ahead of it.
     */
    static void answerHeaders(WhepSessions sessions, String stream, WhepSessions.Started started, BiConsumer<String, String> header) {
        header.accept("Location", location(stream, started.session().id()));
        header.accept("ETag", etag(started.session().id()));
        header.accept("Accept-Patch", SDPFRAG);
        header.accept("Cache-Control", "no-store");
        for (String link : WhepCors.links(sessions.iceServers())) header.accept("Link", link);
    }

    private static String etag(String session) {
        return "\"" + session + "\"";
    }

    /** @return a session's URL path, for the answer's {@code Location} */
    private static String location(String stream, String session) {
        return "/whep/" + segment(stream) + "/" + session;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String mediaType(String contentType) {
        if (contentType == null) return null;
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static String read(InputStream body) {
        if (body == null) return "";
        try {
            byte[] b = body.readNBytes(gateway.lib.rtc.SessionDescription.MAX_LENGTH + 1);
            if (b.length > gateway.lib.rtc.SessionDescription.MAX_LENGTH) {
                throw new ProblemException(413, "Payload too large", "an SDP body may have "
                        + gateway.lib.rtc.SessionDescription.MAX_LENGTH + " bytes at most");
            }
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ProblemException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }
}
