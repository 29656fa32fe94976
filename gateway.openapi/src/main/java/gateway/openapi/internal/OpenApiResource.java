package gateway.openapi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gateway.api.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    /**
     * The page. Scalar ({@code @scalar/api-reference} 1.72.1) is configured to work offline and to offer nothing
     * hosted elsewhere: no font CDN ({@code withDefaultFonts}), no button to download or open Scalar's own client
     * ({@code hideClientButton}), no developer toolbar with its Configure/Share/Deploy actions, which upload the
     * document to scalar.com ({@code showDeveloperTools: 'never'}, whose default shows it on localhost), no
     * "Ask AI" agent ({@code agent.disabled}), no buttons that install an MCP server in VS Code or Cursor
     * ({@code mcp.disabled}), no telemetry. What stays works against the gateway alone: the reference, search,
     * code samples, the document download and "Test Request".
     */
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
                  Scalar.createApiReference('#app', {
                    url: '/openapi/openapi.json',
                    withDefaultFonts: false,
                    hideClientButton: true,
                    showDeveloperTools: 'never',
                    agent: { disabled: true },
                    mcp: { disabled: true },
                    telemetry: false
                  })
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
    @Operation(summary = "API reference page",
            description = "This API reference as a web page (Scalar), served with its script from the gateway itself: it works "
                    + "offline and loads nothing from other hosts.",
            responses = @ApiResponse(responseCode = "200", description = "The HTML page",
                    content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string"))))
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() {
        return Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).header("Cache-Control", "no-cache").build();
    }

    /** @return the OpenAPI 3 document of the endpoints deployed right now */
    @Operation(summary = "OpenAPI document",
            description = "The OpenAPI 3 document of the endpoints served right now: deploy a plugin and its endpoints appear, "
                    + "remove it and they vanish. Endpoints marked for management need the bearer token.",
            responses = @ApiResponse(responseCode = "200", description = "The OpenAPI document",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "object"))))
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
    @Operation(summary = "API reference page asset",
            description = "A static file the API reference page loads (its script). Only the files the page needs are served.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The file",
                        content = @Content(mediaType = "application/javascript", schema = @Schema(type = "string"))),
                @ApiResponse(responseCode = "404", description = "No asset with this name")})
    @GET
    @Path("assets/{name}")
    public Response asset(@Parameter(description = "The file name", example = "scalar.js") @PathParam("name") String name) {
        Assets.Asset asset = Assets.find(name);
        InputStream in = asset == null ? null : asset.open();
        if (in == null) throw ProblemException.notFound("no asset named '" + name + "'");
        return Response.ok(in, asset.contentType()).header("Cache-Control", "public, max-age=86400").build();
    }
}
