package gateway.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

class ResourceMethodsTest {

    private static ResourceMethodInfoDTO method(String verb, String path, String... consumes) {
        ResourceMethodInfoDTO m = new ResourceMethodInfoDTO();
        m.method = verb;
        m.path = path;
        m.consumingMimeType = consumes.length == 0 ? null : consumes;
        return m;
    }

    /** The shape the JAX-RS whiteboard reports: paths relative to the application's base. */
    private static RuntimeDTO runtime(ResourceMethodInfoDTO... methods) {
        ResourceDTO resource = new ResourceDTO();
        resource.resourceMethods = methods;
        ApplicationDTO app = new ApplicationDTO();
        app.base = "/";
        app.resourceDTOs = new ResourceDTO[] {resource};
        RuntimeDTO dto = new RuntimeDTO();
        dto.defaultApplication = app;
        return dto;
    }

    @Test
    void templatesMatchOneSegmentOrTheirRegex() {
        assertTrue(ResourceMethods.matches("/plugins/{id}", "/plugins/gateway.srt"));
        assertFalse(ResourceMethods.matches("/plugins/{id}", "/plugins/gateway.srt/restart"));
        assertTrue(ResourceMethods.matches("/plugins/{id}/restart", "/plugins/12/restart/"));
        assertTrue(ResourceMethods.matches("/files/{path: .+}", "/files/a/b/c"));
        assertFalse(ResourceMethods.matches("/items/{n: [0-9]+}", "/items/x"));
        assertTrue(ResourceMethods.matches("/ping", "/ping"));
        assertFalse(ResourceMethods.matches("/ping", "/pingx"));
    }

    @Test
    void allowedMethodsAddHeadToGetAndOptions() {
        RuntimeDTO dto = runtime(method("GET", "/ping"), method("HEAD", "/ping"), method("GET", "/plugins/{id}"),
                method("PUT", "/plugins/{id}", "application/java-archive", "application/octet-stream"));
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), ResourceMethods.at(dto, "/ping").allowed());
        assertEquals(List.of("GET", "HEAD", "OPTIONS", "PUT"), List.copyOf(ResourceMethods.at(dto, "/plugins/7").allowed()));
        assertTrue(ResourceMethods.at(dto, "/nothing").allowed().isEmpty());
    }

    @Test
    void consumedTypesAreThoseOfTheRequestMethod() {
        RuntimeDTO dto = runtime(method("POST", "/reserve", "application/json"), method("GET", "/reserve"));
        assertEquals(Set.of("application/json"), ResourceMethods.at(dto, "/reserve").consumed("POST"));
        assertTrue(ResourceMethods.at(dto, "/reserve").consumed("GET").isEmpty());
    }
}
