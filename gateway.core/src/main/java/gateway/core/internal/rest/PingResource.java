package gateway.core.internal.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.Path;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET}/{@code HEAD /ping}: 204 with no body, never cached, once the gateway's HTTP API has settled;
 * 503 with {@code Retry-After} during the moments after start (or a plugin update) when some endpoint is
 * still being deployed, so a client or load balancer that waits for /ping can use every endpoint at once.
 */
@Component(service = PingResource.class)
@JaxrsResource
@Path("/ping")
public final class PingResource {
    private final ApiReadiness readiness;

    @Activate
    public PingResource(@Reference ApiReadiness readiness) {
        this.readiness = readiness;
    }

    /** @return 204 No Content, or 503 while endpoints are being deployed */
    @Operation(summary = "Readiness check",
            description = "Answers 204 with no body once every registered endpoint of the gateway is deployed, so a client or "
                    + "load balancer that waits for it can use every endpoint at once. In the moment after start or after a "
                    + "plugin update, while an endpoint is still being deployed, it answers 503 with `Retry-After: 1`.",
            responses = {
                @ApiResponse(responseCode = "204", description = "Ready: every endpoint is deployed",
                        headers = @Header(name = "Cache-Control", description = "`no-store`")),
                @ApiResponse(responseCode = "503", description = "An endpoint is still being deployed; try again after `Retry-After` seconds",
                        headers = @Header(name = "Retry-After", description = "Seconds to wait: 1"))})
    @GET
    public Response ping() {
        return answer(true);
    }

    /** @return the same status and headers as GET, without a body */
    @Operation(summary = "Readiness check, headers only",
            description = "The same status and headers as `GET /ping`, without a body.",
            responses = {
                @ApiResponse(responseCode = "204", description = "Ready: every endpoint is deployed"),
                @ApiResponse(responseCode = "503", description = "An endpoint is still being deployed; try again after `Retry-After` seconds",
                        headers = @Header(name = "Retry-After", description = "Seconds to wait: 1"))})
    @HEAD
    public Response head() {
        return answer(false);
    }

    private Response answer(boolean withBody) {
        int pending = readiness.pending();
        if (pending == 0) return Response.noContent().header("Cache-Control", "no-store").build();
        Response.ResponseBuilder r = Response.status(503).header("Cache-Control", "no-store").header("Retry-After", "1");
        if (withBody) {
            r.type("application/problem+json").entity("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                    + "\"status\":503,\"detail\":\"" + pending + " endpoint(s) are still being deployed\"}");
        }
        return r.build();
    }
}
