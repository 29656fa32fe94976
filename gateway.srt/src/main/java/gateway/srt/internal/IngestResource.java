package gateway.srt.internal;

import gateway.api.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The reference service's API: {@code GET /check} (what is streaming now) and {@code POST /reserve}
 * (credentials for the SRT caller), with its shapes and status codes.
 */
@Component(service = IngestResource.class)
@JaxrsResource
@JSONRequired
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class IngestResource {

    /**
     * The reservation request.
     *
     * @param event  the event to stream (UUID), required
     * @param format the container: "ogg" (the default and only value)
     * @param record whether to record the stream (default false)
     */
    @Schema(description = "A reservation request")
    public record ReserveRequest(
            @Schema(description = "The event to stream", format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "747c31a8-74d2-497f-ba89-cdd85b243e5d") String event,
            @Schema(description = "The container sent over SRT", allowableValues = "ogg", defaultValue = "ogg") String format,
            @Schema(description = "Whether to record the stream", defaultValue = "false") Boolean record) {}

    /**
     * SRT credentials.
     *
     * @param token     the SRT passphrase
     * @param expiresAt when the reservation lapses unless a caller connected
     */
    @Schema(description = "SRT credentials of a reservation")
    public record Credentials(
            @Schema(description = "The SRT passphrase (32 hexadecimal characters)", example = "9f86d081884c7d659a2feaa0c55ad015") String token,
            @Schema(description = "When the reservation lapses unless a caller has connected", format = "date-time",
                    example = "2026-11-23T10:01:00Z") String expiresAt) {}

    /**
     * The reservation.
     *
     * @param credentials SRT credentials
     * @param port        the SRT (UDP) port
     */
    @Schema(description = "A reservation: the SRT credentials and the port to send to")
    public record ReserveResponse(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Credentials credentials,
            @Schema(description = "The SRT listener's UDP port", example = "10300", requiredMode = Schema.RequiredMode.REQUIRED) int port) {}

    /**
     * Availability.
     *
     * @param event     the event streaming (or reserved) now, or null
     * @param checkedAt when this was checked
     */
    @Schema(description = "What the gate is streaming now")
    public record Availability(
            @Schema(description = "The event streaming or reserved now; null when the gate is free", format = "uuid", nullable = true,
                    requiredMode = Schema.RequiredMode.REQUIRED) String event,
            @Schema(description = "When this was checked", format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED) String checkedAt) {}

    private final SrtIngest ingest;

    @Context
    private HttpServletRequest servletRequest;

    @Activate
    public IngestResource(@Reference SrtIngest ingest) {
        this.ingest = ingest;
    }

    /** @return the event being streamed now, if any */
    @Operation(summary = "What is streaming now",
            description = "The event being streamed (or reserved) now, or null when the gate is free. With several slots "
                    + "(`maxStreams`), the oldest; `/streams` lists them all.",
            responses = @ApiResponse(responseCode = "200", description = "The gate's availability"))
    @GET
    @Path("check")
    public Availability check() {
        GateAvailability a = ingest.availability();
        return new Availability(a.event(), a.checkedAt());
    }

    /**
     * Reserves the gate for an event.
     *
     * @param request the event, format and recording wish
     * @return 201 with the credentials and the SRT port
     */
    @Operation(summary = "Reserve the gate for an event",
            description = "Reserves an SRT slot for an event and answers with a time-limited passphrase. Send Ogg/Opus over SRT "
                    + "to the answered UDP `port` with the `token` as passphrase (and, optionally, the event id as stream id) "
                    + "before `expiresAt`; otherwise the reservation lapses and frees its slot. With `record: true` the stream "
                    + "is recorded.",
            responses = {
                @ApiResponse(responseCode = "201", description = "Reserved: the credentials and the SRT port",
                        content = @Content(schema = @Schema(implementation = ReserveResponse.class))),
                @ApiResponse(responseCode = "400", description = "The body is not JSON, `event` is missing or not a UUID, or the format is not `ogg`"),
                @ApiResponse(responseCode = "409", description = "Every slot is reserved or live"),
                @ApiResponse(responseCode = "503", description = "The HTTP server has just moved to another port and the SRT "
                        + "listener has not followed yet; try again after `Retry-After` seconds",
                        headers = @Header(name = "Retry-After", description = "Seconds to wait: 1"))})
    @POST
    @Path("reserve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reserve(@RequestBody(required = true, content = @Content(examples = @ExampleObject(
            name = "record", summary = "Reserve for an event and record it",
            value = "{\"event\": \"747c31a8-74d2-497f-ba89-cdd85b243e5d\", \"record\": true}"))) ReserveRequest request) {
        if (request == null) throw ProblemException.badRequest("the body must be a JSON object with an 'event'");
        if (request.event() == null) throw ProblemException.badRequest("'event' is required");
        UUID event;
        try {
            event = UUID.fromString(request.event());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("'event' must be a UUID, got '" + request.event() + "'");
        }
        String format = request.format() == null ? FORMAT_OGG : request.format();
        if (!format.equals(FORMAT_OGG)) {
            throw ProblemException.badRequest("unsupported format '" + format + "': the only format is '" + FORMAT_OGG + "'");
        }
        if (servletRequest != null && ingest.behind(servletRequest.getLocalPort())) throw following(servletRequest.getLocalPort());
        try {
            Reservation r = ingest.reserve(event, Boolean.TRUE.equals(request.record()));
            return Response.status(Response.Status.CREATED)
                    .entity(new ReserveResponse(new Credentials(r.token(), r.expiresAt().toString()), ingest.port())).build();
        } catch (GateBusyException busy) {
            throw ProblemException.conflict(busy.getMessage());
        }
    }

    /** 503 while the SRT listener has not followed the HTTP server to {@code httpPort}: its reservations would name the old port. */
    private WebApplicationException following(int httpPort) {
        // only numbers are filled in: nothing to escape
        String problem = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"the SRT listener is moving from port " + ingest.port() + " to " + httpPort
                + " with the HTTP server; reserve again in a moment\"}";
        return new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE).type(PROBLEM_JSON)
                .header("Retry-After", "1").entity(problem).build());
    }

    private static final String PROBLEM_JSON = "application/problem+json";

    /** The one container a reservation may ask for (and the default). */
    static final String FORMAT_OGG = "ogg";
}
