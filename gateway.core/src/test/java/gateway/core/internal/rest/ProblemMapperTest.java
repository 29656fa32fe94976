package gateway.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.http.ProblemException;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {
    private final ProblemMapper mapper = new ProblemMapper();

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
}
