package gateway.srt.internal;

import gateway.api.http.ProblemException;
import java.util.UUID;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
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
    public record ReserveRequest(String event, String format, Boolean record) {}

    /**
     * SRT credentials.
     *
     * @param token     the SRT passphrase
     * @param expiresAt when the reservation lapses unless a caller connected
     */
    public record Credentials(String token, String expiresAt) {}

    /**
     * The reservation.
     *
     * @param credentials SRT credentials
     * @param port        the SRT (UDP) port
     */
    public record ReserveResponse(Credentials credentials, int port) {}

    /**
     * Availability.
     *
     * @param event     the event streaming (or reserved) now, or null
     * @param checkedAt when this was checked
     */
    public record Availability(String event, String checkedAt) {}

    private final SrtIngest ingest;

    @Activate
    public IngestResource(@Reference SrtIngest ingest) {
        this.ingest = ingest;
    }

    /** @return the event being streamed now, if any */
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
    @POST
    @Path("reserve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reserve(ReserveRequest request) {
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
        try {
            Reservation r = ingest.reserve(event, Boolean.TRUE.equals(request.record()));
            return Response.status(Response.Status.CREATED)
                    .entity(new ReserveResponse(new Credentials(r.token(), r.expiresAt().toString()), ingest.port())).build();
        } catch (GateBusyException busy) {
            throw ProblemException.conflict(busy.getMessage());
        }
    }

    /** The one container a reservation may ask for (and the default). */
    static final String FORMAT_OGG = "ogg";
}
