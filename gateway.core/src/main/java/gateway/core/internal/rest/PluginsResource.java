package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import gateway.core.internal.plugins.PluginInspector;
import gateway.core.internal.plugins.PluginLifecycle;
import java.io.IOException;
import java.io.InputStream;
import gateway.core.internal.plugins.PluginView;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /plugins}: the gateway's bundles with name, version, state and, for a failed one, why; and the
 * operator's controls: replace a plugin with a new jar, or restart it, while everything else runs on.
 */
@Component(service = PluginsResource.class)
@JaxrsResource
@JSONRequired
@Management
@Path("/plugins")
@Produces(MediaType.APPLICATION_JSON)
public final class PluginsResource {

    private final PluginInspector inspector;
    private final PluginLifecycle lifecycle;

    @Activate
    public PluginsResource(@Reference PluginInspector inspector, @Reference PluginLifecycle lifecycle) {
        this.inspector = inspector;
        this.lifecycle = lifecycle;
    }

    /**
     * Updates a plugin in place from the uploaded jar (same symbolic name). The plugin's components stop
     * and start again; other plugins and the streams they own are not touched.
     *
     * @param id  bundle id or symbolic name
     * @param jar the new jar file as the request body
     * @return the plugin after the update
     * @throws IOException if the upload cannot be stored
     */
    @PUT
    @Path("{id}")
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    public PluginView update(@PathParam("id") String id, InputStream jar) throws IOException {
        long bundleId = lifecycle.update(id, jar).getBundleId();
        return get(String.valueOf(bundleId));
    }

    /**
     * Stops and starts a plugin.
     *
     * @param id bundle id or symbolic name
     * @return the plugin after the restart
     */
    @POST
    @Path("{id}/restart")
    public PluginView restart(@PathParam("id") String id) {
        long bundleId = lifecycle.restart(id).getBundleId();
        return get(String.valueOf(bundleId));
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
