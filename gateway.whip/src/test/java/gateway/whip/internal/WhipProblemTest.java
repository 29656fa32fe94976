package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WhipProblemTest {

    private static WhipProblem of(WhipError error) {
        return WhipProblem.of(new WhipException(error, "detail"));
    }

    @Test
    void problemDocumentsEscapeTheirText() {
        WhipProblem p = new WhipProblem(400, "Bad request", "a \"quoted\"\nline\\", Map.of());
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad request\",\"status\":400,\"detail\":\"a \\\"quoted\\\"\\nline\\\\\"}", p.json());
    }

    @Test
    void everyRefusalHasAClientErrorOrAServerErrorStatus() {
        for (WhipError e : WhipError.values()) {
            int status = of(e).status();
            assertTrue(status >= 400 && status < 600, e + " -> " + status);
        }
        assertEquals(409, of(WhipError.POOL_EXHAUSTED).status(), "as the reference service");
        assertEquals(409, of(WhipError.PUBLISHER_PRESENT).status());
        assertEquals(404, of(WhipError.SESSION_NOT_FOUND).status());
        assertEquals(422, of(WhipError.ICE_RESTART_UNSUPPORTED).status(), "RFC 9725 for servers without ICE restarts");
    }

    @Test
    void theSrtHostIsNamedAsTheRequestsField() {
        WhipProblem unknown = WhipProblem.of(new WhipException(WhipError.SRT_HOST_UNKNOWN, "'x.invalid' does not resolve to an address"));
        assertEquals(400, unknown.status());
        assertEquals("'srt.host': 'x.invalid' does not resolve to an address", unknown.detail());
        assertEquals(504, of(WhipError.SRT_HOST_LOOKUP_TIMEOUT).status(), "the name service's fault, not the client's");
    }

    @Test
    void headersTheStatusNeeds() {
        assertEquals(List.of("Bearer realm=\"whip\""), of(WhipError.UNAUTHORIZED).headers().get("WWW-Authenticate"));
        WhipProblem offer = of(WhipError.OFFER_CONTENT_TYPE);
        assertEquals(415, offer.status());
        assertEquals(List.of("application/sdp"), offer.headers().get("Accept-Post"));
        assertEquals(List.of("application/trickle-ice-sdpfrag"), of(WhipError.FRAGMENT_CONTENT_TYPE).headers().get("Accept-Patch"));
        WhipProblem put = WhipProblem.methodNotAllowed("PUT", "OPTIONS, POST");
        assertEquals(405, put.status());
        assertEquals(List.of("OPTIONS, POST"), put.headers().get("Allow"));
        assertEquals(413, WhipProblem.tooLarge(1000).status());
        WhipProblem cors = of(WhipError.UNAUTHORIZED).with(Map.of("Access-Control-Allow-Origin", List.of("*")));
        assertEquals(2, cors.headers().size(), "extra headers add to the problem's own");
    }
}
