package gateway.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.http.ProblemException;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {
    private final ProblemMapper mapper = new ProblemMapper(org.osgi.service.jaxrs.runtime.dto.RuntimeDTO::new);

    @Test
    void problemExceptionsKeepTheirStatusTitleAndDetail() {
        Response r = mapper.toResponse(new ProblemException(409, "Busy", "another stream is live"));
        assertEquals(409, r.getStatus());
        assertEquals("application/problem+json", r.getMediaType().toString());
        String body = (String) r.getEntity();
        assertTrue(body.contains("\"title\":\"Busy\""));
        assertTrue(body.contains("\"status\":409"));
        assertTrue(body.contains("\"detail\":\"another stream is live\""));
    }

    @Test
    void internalErrorsAreNotEchoed() {
        Response r = mapper.toResponse(new NullPointerException("secret internals"));
        assertEquals(500, r.getStatus());
        assertFalse(((String) r.getEntity()).contains("secret internals"));
    }

    @Test
    void aClientThatClosedTheConnectionIsNotAnInternalError() {
        assertTrue(ProblemMapper.clientWentAway(new RuntimeException(new java.io.IOException("Broken pipe"))));
        assertTrue(ProblemMapper.clientWentAway(new java.io.UncheckedIOException(new java.nio.channels.ClosedChannelException())));
        assertFalse(ProblemMapper.clientWentAway(new java.io.IOException("disk full")));
        assertFalse(ProblemMapper.clientWentAway(new NullPointerException()));
    }

    @Test
    void aBodyTooLargeAnywhereAmongTheCausesIs413() {
        Response r = mapper.toResponse(new javax.ws.rs.BadRequestException(new java.io.UncheckedIOException(
                new gateway.core.internal.http.RequestBodyTooLargeException(1_000_000L))));
        assertEquals(413, r.getStatus());
        assertTrue(((String) r.getEntity()).contains("larger than the limit of 1000000 bytes"));
    }

    @Test
    void aJsonErrorIsA400NamingTheField() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> new com.fasterxml.jackson.databind.ObjectMapper().readValue("{\"flag\": \"perhaps\"}", Flag.class));
        Response r = mapper.toResponse(new javax.ws.rs.BadRequestException(e));
        assertEquals(400, r.getStatus());
        assertTrue(((String) r.getEntity()).contains("'flag' must be true or false"), (String) r.getEntity());
    }

    record Flag(boolean flag) {}
}
