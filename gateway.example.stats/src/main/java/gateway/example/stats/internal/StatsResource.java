package gateway.example.stats.internal;

import gateway.api.http.ProblemException;
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

/** {@code GET /stats}: statistics of every live stream; {@code GET /stats/{stream}}: of one. */
@Component(service = StatsResource.class)
@JaxrsResource
@JSONRequired
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {

    private final StatisticsHandler handler;

    @Activate
    public StatsResource(@Reference StatisticsHandler handler) {
        this.handler = handler;
    }

    /** @return statistics of every live stream */
    @Operation(summary = "Statistics of every live stream",
            description = "Per live stream (and those ended while this plugin ran): the packets and bytes its media handler saw, the bitrate, and the gaps in the stream.",
            responses = @ApiResponse(responseCode = "200", description = "One entry per live stream"))
    @GET
    public List<StreamStatistics.StatsView> all() {
        return handler.all();
    }

    /**
     * @param stream a live stream's id
     * @return its statistics
     */
    @Operation(summary = "Statistics of one live stream",
            description = "The statistics of the live stream with this id.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The stream's statistics"),
                @ApiResponse(responseCode = "404", description = "No live stream with this id")})
    @GET
    @Path("{stream}")
    public StreamStatistics.StatsView one(@Parameter(description = "A live stream's id, as on `/streams`") @PathParam("stream") String stream) {
        return handler.one(stream).orElseThrow(() -> ProblemException.notFound("no statistics for stream '" + stream + "'"));
    }
}
