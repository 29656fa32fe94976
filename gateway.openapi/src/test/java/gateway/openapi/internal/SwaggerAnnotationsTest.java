package gateway.openapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.http.Management;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.InputStream;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/** The document says what the Swagger annotations on a resource say, with the gateway's conventions. */
class SwaggerAnnotationsTest {

    @Schema(description = "A booking")
    record Booking(
            @Schema(description = "The event", requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid",
                    example = "747c31a8-74d2-497f-ba89-cdd85b243e5d") String event,
            @Schema(allowableValues = {"ogg", "webm"}, defaultValue = "ogg") String format,
            @Schema(description = "Seats", minimum = "1", maximum = "10", example = "2") int seats,
            @ArraySchema(schema = @Schema(example = "vip"), minItems = 1) List<String> labels,
            @Schema(hidden = true) String secret) {}

    record Receipt(@Schema(description = "Booking number", example = "17") long number) {}

    @Path("/bookings")
    @Produces("application/json")
    public static class BookingResource {
        @Operation(summary = "Book", description = "Books seats for an event.",
                responses = {
                    @ApiResponse(responseCode = "201", description = "Booked",
                            headers = @Header(name = "Location", description = "The booking's URL"),
                            content = @Content(schema = @Schema(implementation = Receipt.class))),
                    @ApiResponse(responseCode = "400", description = "Invalid body"),
                    @ApiResponse(responseCode = "409", description = "Sold out")})
        @POST
        @Consumes("application/json")
        public Response book(@RequestBody(required = true, content = @Content(examples = @ExampleObject(name = "two",
                summary = "Two seats", value = "{\"event\": \"747c31a8-74d2-497f-ba89-cdd85b243e5d\", \"seats\": 2}"))) Booking booking) {
            return null;
        }

        @Operation(summary = "One booking", description = "The booking.",
                parameters = @Parameter(name = "X-Trace", in = ParameterIn.HEADER, description = "Trace id"),
                responses = {@ApiResponse(responseCode = "200", description = "The receipt"), @ApiResponse(responseCode = "404")})
        @GET
        @Path("{id}")
        public Receipt get(@Parameter(description = "Booking number", example = "17") @PathParam("id") long id,
                           @Parameter(hidden = true) @QueryParam("debug") String debug,
                           @Parameter(description = "Copies", schema = @Schema(type = "integer", minimum = "1"))
                           @QueryParam("copies") @DefaultValue("1") String copies) {
            return null;
        }

        @Operation(summary = "Headers", description = "Headers only.",
                responses = {@ApiResponse(responseCode = "200", description = "Found"), @ApiResponse(responseCode = "404", description = "Gone")})
        @HEAD
        @Path("{id}")
        public Response head(@PathParam("id") long id) {
            return null;
        }

        @Operation(summary = "Cancel", description = "Cancels a booking.",
                responses = {@ApiResponse(responseCode = "204", description = "Cancelled"), @ApiResponse(responseCode = "404", description = "Unknown")})
        @DELETE
        @Path("{id}")
        @Management
        public void cancel(@PathParam("id") long id) {
        }

        @PUT
        @Path("{id}/ticket")
        @Consumes("application/pdf")
        public void upload(@PathParam("id") long id, InputStream pdf) {
        }

        @Hidden
        @GET
        @Path("internal")
        public String internal() {
            return null;
        }

        @Operation(hidden = true)
        @GET
        @Path("internal2")
        public String internal2() {
            return null;
        }
    }

    private static JsonNode doc() {
        return OpenApiDocument.build("1.0.0", List.of(new OpenApiDocument.Resource(BookingResource.class, "", "example.bookings")));
    }

    @Test
    void operationsCarryTheirSummaryDescriptionAndDocumentedResponses() {
        JsonNode post = doc().path("paths").path("/bookings").path("post");
        assertEquals("Book", post.path("summary").asText());
        assertEquals("Books seats for an event.", post.path("description").asText());
        JsonNode responses = post.path("responses");
        assertFalse(responses.has("200"), "only what is documented: " + responses);
        assertEquals("Booked", responses.path("201").path("description").asText());
        assertEquals("#/components/schemas/Receipt",
                responses.path("201").path("content").path("application/json").path("schema").path("$ref").asText());
        assertEquals("The booking's URL", responses.path("201").path("headers").path("Location").path("description").asText());
        assertEquals("#/components/schemas/Problem",
                responses.path("409").path("content").path("application/problem+json").path("schema").path("$ref").asText(),
                "an error without content is a problem document");
        assertTrue(responses.has("default"));
        List<String> codes = new java.util.ArrayList<>();
        responses.fieldNames().forEachRemaining(codes::add);
        assertEquals(List.of("201", "400", "409", "default"), codes);
    }

    @Test
    void requestBodiesHaveRequiredFieldsAndParsedExamples() {
        JsonNode d = doc();
        JsonNode body = d.path("paths").path("/bookings").path("post").path("requestBody");
        assertTrue(body.path("required").asBoolean());
        JsonNode example = body.path("content").path("application/json").path("examples").path("two");
        assertEquals("Two seats", example.path("summary").asText());
        assertEquals(2, example.path("value").path("seats").asInt(), "JSON examples are JSON, not strings: " + example);
        JsonNode booking = d.path("components").path("schemas").path("Booking");
        assertEquals("A booking", booking.path("description").asText());
        assertEquals("[\"event\"]", booking.path("required").toString());
        JsonNode props = booking.path("properties");
        assertEquals("uuid", props.path("event").path("format").asText());
        assertEquals("747c31a8-74d2-497f-ba89-cdd85b243e5d", props.path("event").path("example").asText());
        assertEquals("[\"ogg\",\"webm\"]", props.path("format").path("enum").toString());
        assertEquals("ogg", props.path("format").path("default").asText());
        assertTrue(props.path("seats").path("example").isInt(), "typed example: " + props.path("seats"));
        assertEquals(10, props.path("seats").path("maximum").asInt());
        assertEquals("array", props.path("labels").path("type").asText());
        assertEquals(1, props.path("labels").path("minItems").asInt());
        assertEquals("vip", props.path("labels").path("items").path("example").asText());
        assertFalse(props.has("secret"), "hidden property");
        JsonNode receipt = d.path("components").path("schemas").path("Receipt").path("properties").path("number");
        assertEquals(17, receipt.path("example").asLong());
    }

    @Test
    void parametersAreDescribedAndHiddenOnesLeftOut() {
        JsonNode get = doc().path("paths").path("/bookings/{id}").path("get");
        JsonNode params = get.path("parameters");
        assertEquals(3, params.size(), params.toString());
        JsonNode copies = params.get(1);
        assertEquals("copies", copies.path("name").asText());
        assertEquals("integer", copies.path("schema").path("type").asText(), "@Schema(type) replaces the Java type");
        assertEquals(1, copies.path("schema").path("default").asInt(), "@DefaultValue kept, typed: " + copies);
        assertTrue(copies.path("schema").path("default").isInt());
        assertEquals("id", params.get(0).path("name").asText());
        assertEquals("Booking number", params.get(0).path("description").asText());
        assertEquals(17, params.get(0).path("example").asInt());
        assertEquals("X-Trace", params.get(2).path("name").asText());
        assertEquals("header", params.get(2).path("in").asText());
        assertEquals("#/components/schemas/Problem",
                get.path("responses").path("404").path("content").path("application/problem+json").path("schema").path("$ref").asText());
        assertEquals("Not Found", get.path("responses").path("404").path("description").asText(), "the reason phrase when none is given");
        assertEquals("#/components/schemas/Receipt",
                get.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText(),
                "a 2xx without content has the method's return type");
    }

    @Test
    void headAnswersHaveNoBodyAndManagementOperationsTheir401() {
        JsonNode item = doc().path("paths").path("/bookings/{id}");
        assertFalse(item.path("head").path("responses").path("404").has("content"), "HEAD: no body");
        JsonNode delete = item.path("delete");
        assertTrue(delete.path("responses").has("204"));
        assertTrue(delete.path("responses").has("401"));
        assertTrue(delete.path("responses").path("401").path("headers").has("WWW-Authenticate"));
        assertEquals("bearerAuth", delete.path("security").get(0).fieldNames().next());
    }

    @Test
    void undocumentedOperationsAreInferredAndHiddenOnesLeftOut() {
        JsonNode paths = doc().path("paths");
        JsonNode put = paths.path("/bookings/{id}/ticket").path("put");
        assertTrue(put.path("responses").has("204"), "void: 204");
        assertFalse(put.has("description"));
        assertEquals("binary", put.path("requestBody").path("content").path("application/pdf").path("schema").path("format").asText());
        assertFalse(paths.has("/bookings/internal"));
        assertFalse(paths.has("/bookings/internal2"));
    }
}
