package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gateway.api.http.ProblemException;
import gateway.whip.internal.StreamResource.Srt;
import gateway.whip.internal.StreamResource.StreamRequest;
import gateway.whip.internal.StreamResource.Stun;
import org.junit.jupiter.api.Test;

class StreamRequestTest {
    private static BridgeRequest valid(StreamRequest r) {
        return StreamResource.validate(r, "stun.example.org", 3478);
    }

    private static void invalid(StreamRequest r, String detailPart) {
        ProblemException p = assertThrows(ProblemException.class, () -> valid(r));
        assertEquals(400, p.status());
        assertEquals(true, p.detail().contains(detailPart), p.detail());
    }

    @Test
    void theDocumentsRequestWithDefaults() {
        BridgeRequest r = valid(new StreamRequest(null, null, new Srt("example.com", 12345, null), null));
        assertEquals("example.com:12345", r.srtTarget());
        assertNull(r.srtPassword());
        assertEquals("stun.example.org", r.stunHost());
        assertEquals(3478, r.stunPort());
        BridgeRequest full = valid(new StreamRequest("opus", "ogg", new Srt("::1", 9000, "0123456789"), new Stun("stun.local", 19302)));
        assertEquals("[::1]:9000", full.srtTarget());
        assertEquals("0123456789", full.srtPassword());
        assertEquals("stun.local", full.stunHost());
    }

    @Test
    void invalidBodiesSayWhatIsWrong() {
        invalid(null, "JSON object");
        invalid(new StreamRequest(null, null, null, null), "'srt' is required");
        invalid(new StreamRequest("mp3", null, new Srt("h", 1, null), null), "codec 'mp3'");
        invalid(new StreamRequest(null, "wav", new Srt("h", 1, null), null), "format 'wav'");
        invalid(new StreamRequest(null, null, new Srt(" ", 1, null), null), "srt.host");
        invalid(new StreamRequest(null, null, new Srt("h", 0, null), null), "srt.port");
        invalid(new StreamRequest(null, null, new Srt("h", null, null), null), "srt.port");
        invalid(new StreamRequest(null, null, new Srt("h", 1, "short"), null), "10 to 79");
        invalid(new StreamRequest(null, null, new Srt("h", 1, null), new Stun(null, 1)), "stun.host");
        invalid(new StreamRequest(null, null, new Srt("h", 1, null), new Stun("s", 99999)), "stun.port");
    }
}
