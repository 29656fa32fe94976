package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamRegistry;
import gateway.core.internal.stream.StreamView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /streams}, {@code GET /streams/{id}}: the live streams in the registry. */
@Component(service = StreamsResource.class)
@JaxrsResource
@JSONRequired
@Management
@Path("/streams")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamsResource {

    private final StreamRegistry registry;

    @Activate
    public StreamsResource(@Reference StreamRegistry registry) {
        this.registry = registry;
    }

    /** @return every stream in the registry, oldest first (ended ones stay for {@value StreamRegistry#ENDED_RETENTION_SECONDS} s) */
    @Operation(summary = "List live streams",
            description = "Every stream in the registry, oldest first: id, origin plugin, format, metadata, state and reason, "
                    + "packets and bytes, and the attached handlers, each with its state (attaching, attached, failed, ended), "
                    + "delivered and dropped counters, and the reason when it failed (a handler whose attach threw included). "
                    + "A stream that ended stays listed for a minute with its final state, reason and handlers.",
            responses = @ApiResponse(responseCode = "200", description = "The streams"))
    @GET
    public List<StreamView> list() {
        return registry.streams().stream().map(this::view).toList();
    }

    /**
     * @param id the stream id
     * @return the stream
     */
    @Operation(summary = "Get one stream",
            description = "The stream with this id, live or ended within the last minute.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The stream"),
                @ApiResponse(responseCode = "404", description = "No stream with this id (never existed, or ended more than a minute ago)")})
    @GET
    @Path("{id}")
    public StreamView get(@Parameter(description = "The stream's id, as on `/streams` and in `stream-opened` events") @PathParam("id") String id) {
        return registry.find(id).map(this::view)
                .orElseThrow(() -> ProblemException.notFound("no stream with id '" + id + "'"));
    }

    private StreamView view(LiveStream s) {
        return StreamView.of(s, registry.attachments(s.id()));
    }
}
