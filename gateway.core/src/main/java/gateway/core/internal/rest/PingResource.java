package gateway.core.internal.rest;

import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.Path;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET}/{@code HEAD /ping}: liveness, 204 with no body, never cached. */
@Component(service = PingResource.class)
@JaxrsResource
@Path("/ping")
public final class PingResource {

    /** @return 204 No Content */
    @GET
    public Response ping() {
        return Response.noContent().header("Cache-Control", "no-store").build();
    }

    /** @return 204 No Content, the same headers as GET */
    @HEAD
    public Response head() {
        return ping();
    }
}
