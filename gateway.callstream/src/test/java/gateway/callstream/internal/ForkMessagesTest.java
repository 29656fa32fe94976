package gateway.callstream.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForkMessagesTest {

    @Test
    void base64IsTheStandardOne() {
        Random random = new Random(7);
        for (int n = 0; n < 700; n++) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            assertEquals(Base64.getEncoder().encodeToString(bytes), new String(MessageText.base64(bytes), java.nio.charset.StandardCharsets.US_ASCII), n + " bytes");
        }
    }

    @Test
    void mediaMessagesAreTheJsonPlivoSends() throws Exception {
        // extra headers beyond ASCII are escaped, so the frame stays ASCII
        ForkMessages m = new ForkMessages("4f0e0c39-1b6f-4cbb-9a37-2d1c6f2e7a10", "k1=v\"1,k2=Zoë");
        byte[] payload = {1, 2, 3, (byte) 0xff};
        MessageText text = m.media(42, Track.OUTBOUND, 1_764_000_000_123L, 7, MessageText.base64(payload));
        for (int i = 0; i < text.length(); i++) assertEquals(true, text.charAt(i) < 0x80, "ASCII: " + text);
        JsonNode j = ForkMessages.JSON.readTree(text.toString());
        assertEquals("media", j.path("event").asText());
        assertEquals(42, j.path("sequenceNumber").asLong());
        assertEquals("4f0e0c39-1b6f-4cbb-9a37-2d1c6f2e7a10", j.path("streamId").asText());
        assertEquals("outbound", j.path("media").path("track").asText());
        assertEquals("1764000000123", j.path("media").path("timestamp").textValue(), "a string");
        assertEquals(7, j.path("media").path("chunk").asLong());
        assertArrayEquals(payload, Base64.getDecoder().decode(j.path("media").path("payload").asText()));
        assertEquals("k1=v\"1,k2=Zoë", j.path("extra_headers").asText());
        // written straight into a frame: the same bytes at any position, and the length said beforehand
        byte[] payload64 = MessageText.base64(payload);
        byte[] frame = new byte[text.length() + 13];
        assertEquals(text.length(), m.mediaLength(42, Track.OUTBOUND, 1_764_000_000_123L, 7, payload64.length));
        assertEquals(frame.length, m.writeMedia(frame, 13, 42, Track.OUTBOUND, 1_764_000_000_123L, 7, payload64));
        assertArrayEquals(text.bytes(), java.util.Arrays.copyOfRange(frame, 13, frame.length));
        JsonNode start = ForkMessages.JSON.readTree(m.start(1, "call", "MA1", Track.BOTH, MediaFormat.MULAW_8K).toString());
        assertEquals("audio/x-mulaw", start.path("start").path("mediaFormat").path("encoding").asText());
        assertEquals("[\"inbound\",\"outbound\"]", start.path("start").path("tracks").toString());
        assertEquals(0, new ForkMessages("s", null).media(0, Track.INBOUND, 0, 0, new byte[0]).length() - "{\"event\":\"media\",\"sequenceNumber\":0,\"streamId\":\"s\",\"media\":{\"track\":\"inbound\",\"timestamp\":\"0\",\"chunk\":0,\"payload\":\"\"}}".length());
    }

    @Test
    void numbersAreWrittenInDecimalWithTheirLength() {
        long[] numbers = {0, 9, 10, 99, 100, 1_764_000_000_123L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE};
        for (long n : numbers) {
            String decimal = Long.toString(n);
            assertEquals(decimal.length(), MessageText.digits(n), decimal);
            byte[] target = new byte[decimal.length() + 2];
            assertEquals(1 + decimal.length(), MessageText.put(target, 1, n));
            assertEquals(decimal, new String(target, 1, decimal.length(), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
