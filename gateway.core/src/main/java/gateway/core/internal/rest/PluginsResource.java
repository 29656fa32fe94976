package gateway.core.internal.rest;

import gateway.api.http.Management;
import gateway.api.http.ProblemException;
import gateway.core.internal.plugins.PluginInspector;
import gateway.core.internal.plugins.PluginLifecycle;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
    @Operation(summary = "Replace a plugin",
            description = "Updates an installed bundle in place from the uploaded jar, which must have the same symbolic name. The "
                    + "plugin's components stop and start again with the new code; other plugins and the streams they own go on. "
                    + "The gateway's own runtime bundles cannot be replaced this way.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The plugin after the update"),
                @ApiResponse(responseCode = "400", description = "The body is empty, not a jar, not an OSGi bundle, or another bundle's jar"),
                @ApiResponse(responseCode = "404", description = "No plugin with this id or name"),
                @ApiResponse(responseCode = "409", description = "The bundle is the runtime that serves this API or a fragment, or the update failed")})
    @PUT
    @Path("{id}")
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    public PluginView update(@Parameter(description = "Bundle id or symbolic name, e.g. `gateway.recorder`") @PathParam("id") String id,
                             @RequestBody(description = "The plugin's new jar file", required = true,
                                     content = @Content(schema = @Schema(type = "string", format = "binary"))) InputStream jar) throws IOException {
        long bundleId = lifecycle.update(id, jar).getBundleId();
        return get(String.valueOf(bundleId));
    }

    /**
     * Stops and starts a plugin.
     *
     * @param id bundle id or symbolic name
     * @return the plugin after the restart
     */
    @Operation(summary = "Restart a plugin",
            description = "Stops and starts a bundle. Its components are deactivated and activated again; a media handler "
                    + "re-attaches to the streams still live.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The plugin after the restart"),
                @ApiResponse(responseCode = "404", description = "No plugin with this id or name"),
                @ApiResponse(responseCode = "409", description = "The bundle is the runtime that serves this API or a fragment, or it failed to start")})
    @POST
    @Path("{id}/restart")
    public PluginView restart(@Parameter(description = "Bundle id or symbolic name, e.g. `gateway.recorder`") @PathParam("id") String id) {
        long bundleId = lifecycle.restart(id).getBundleId();
        return get(String.valueOf(bundleId));
    }

    /** @return every installed bundle, by bundle id */
    @Operation(summary = "List plugins",
            description = "Every installed bundle by bundle id, with its name, version, state, location and health; for a bundle "
                    + "that failed, the reason (an unresolved package, a start error, a component waiting for a service, an "
                    + "activation error).",
            responses = @ApiResponse(responseCode = "200", description = "The bundles"))
    @GET
    public List<PluginView> list() {
        return inspector.plugins();
    }

    /**
     * @param id bundle id or symbolic name
     * @return that bundle
     */
    @Operation(summary = "Get one plugin",
            description = "The bundle with this bundle id or symbolic name.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The bundle"),
                @ApiResponse(responseCode = "404", description = "No plugin with this id or name")})
    @GET
    @Path("{id}")
    public PluginView get(@Parameter(description = "Bundle id or symbolic name, e.g. `gateway.core`") @PathParam("id") String id) {
        return inspector.plugins().stream()
                .filter(p -> String.valueOf(p.id()).equals(id) || p.symbolicName().equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("no plugin with id or name '" + id + "'"));
    }
}
