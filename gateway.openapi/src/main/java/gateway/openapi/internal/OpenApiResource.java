package gateway.openapi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.http.ProblemException;
import java.io.InputStream;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /openapi}: the API reference page (Scalar, served from this bundle);
 * {@code GET /openapi/openapi.json}: the OpenAPI document of what is deployed at this moment.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@Path("/openapi")
public final class OpenApiResource {
    /** Created on first use: building a mapper costs start-up time the page may never need. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    static final String PAGE = """
            <!doctype html>
            <html lang="en">
              <head>
                <title>gateway API</title>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
              </head>
              <body>
                <div id="app"></div>
                <script src="/openapi/assets/scalar.js"></script>
                <script>
                  Scalar.createApiReference('#app', { url: '/openapi/openapi.json', withDefaultFonts: false, hideClientButton: true })
                </script>
              </body>
            </html>
            """;

    private final LiveResources resources;
    private final String version;

    @Activate
    public OpenApiResource(@Reference LiveResources resources, BundleContext context) {
        this.resources = resources;
        this.version = context.getBundle().getVersion().toString();
    }

    /** @return the API reference page */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).header("Cache-Control", "no-cache").build();
    }

    /** @return the OpenAPI 3 document of the endpoints deployed right now */
    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response document() throws JsonProcessingException {
        String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(OpenApiDocument.build(version, resources.current()));
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /**
     * @param name the asset's name, e.g. {@code scalar.js}
     * @return the asset
     */
    @GET
    @Path("assets/{name}")
    public Response asset(@PathParam("name") String name) {
        Assets.Asset asset = Assets.find(name);
        InputStream in = asset == null ? null : asset.open();
        if (in == null) throw ProblemException.notFound("no asset named '" + name + "'");
        return Response.ok(in, asset.contentType()).header("Cache-Control", "public, max-age=86400").build();
    }
}
