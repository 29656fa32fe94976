package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import gateway.core.internal.plugins.PluginInspector;
import gateway.core.internal.plugins.PluginView;
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

/** {@code GET /plugins}: the gateway's bundles with name, version, state and, for a failed one, why. */
@Component(service = PluginsResource.class)
@JaxrsResource
@JSONRequired
@Management
@Path("/plugins")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginsResource {

    private final PluginInspector inspector;

    @Activate
    public PluginsResource(@Reference PluginInspector inspector) {
        this.inspector = inspector;
    }

    /** @return every installed bundle, by bundle id */
    @GET
    public List<PluginView> list() {
        return inspector.plugins();
    }

    /**
     * @param id bundle id or symbolic name
     * @return that bundle
     */
    @GET
    @Path("{id}")
    public PluginView get(@PathParam("id") String id) {
        return inspector.plugins().stream()
                .filter(p -> String.valueOf(p.id()).equals(id) || p.symbolicName().equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("no plugin with id or name '" + id + "'"));
    }
}
