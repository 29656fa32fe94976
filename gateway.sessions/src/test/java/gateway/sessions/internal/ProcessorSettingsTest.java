package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.processing.ProcessorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorSettingsTest {

    @Test
    void websocketNeedsAWsUrlAndTakesARateOfTheProtocolAndExtraHeaders() throws Exception {
        WebSocketProcessor.Settings s = WebSocketProcessor.Settings.of(Map.of("url", "wss://bot.example/stream?k=1"));
        assertEquals("wss://bot.example/stream?k=1", s.url().toString());
        assertEquals(16000, s.sampleRate());
        assertNull(s.extraHeaders());
        assertEquals("audio/x-l16", s.encoding());
        assertEquals(8000, WebSocketProcessor.Settings.of(Map.of("url", "ws://127.0.0.1:9/x", "sample_rate", 8000, "extra_headers", "a=b")).sampleRate());
        WebSocketProcessor.Settings mulaw = WebSocketProcessor.Settings.of(Map.of("url", "ws://x/", "encoding", "audio/x-mulaw"));
        assertEquals(8000, mulaw.sampleRate(), "mu-law is 8 kHz");
        // as the call fork: a day of streaming, pings every 20 s, the first connect retried twice
        assertEquals(86400, s.streamTimeoutSeconds());
        assertEquals(20, s.pingIntervalSeconds());
        assertEquals(2, s.connectRetries());
        WebSocketProcessor.Settings tuned = WebSocketProcessor.Settings.of(Map.of("url", "ws://x/", "stream_timeout", 5, "ping_interval", 1, "connect_retries", 0));
        assertEquals(5, tuned.streamTimeoutSeconds());
        assertEquals(1, tuned.pingIntervalSeconds());
        assertEquals(0, tuned.connectRetries());
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of(), Map.of("url", "http://x/"), Map.of("url", 7),
                Map.of("url", "ws://x/", "sample_rate", 44100), Map.of("url", "ws://x/", "sample_rate", "16000"),
                Map.of("url", "ws://x/", "extra_headers", 1), Map.of("url", "ws://x/", "colour", "red"), Map.of("url", "ws:// bad"),
                Map.of("url", "ws://x/", "encoding", "audio/x-mulaw", "sample_rate", 16000), Map.of("url", "ws://x/", "encoding", "audio/pcm"),
                Map.of("url", "ws://x/", "stream_timeout", 0), Map.of("url", "ws://x/", "ping_interval", 301), Map.of("url", "ws://x/", "connect_retries", 6),
                Map.of("url", "ws://x/", "connect_retries", "2"))) {
            ProcessorException e = assertThrows(ProcessorException.class, () -> WebSocketProcessor.Settings.of(bad), bad.toString());
            assertTrue(e.getMessage().startsWith("websocket"), e.getMessage());
        }
    }

    @Test
    void recordTakesOnlyALabel() throws Exception {
        assertNull(RecordProcessor.label(Map.of()));
        assertEquals("take-1", RecordProcessor.label(Map.of("label", "take-1")));
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("label", ""), Map.of("label", 3), Map.of("label", "x".repeat(65)),
                Map.of("format", "wav"))) {
            assertThrows(ProcessorException.class, () -> RecordProcessor.label(bad), bad.toString());
        }
    }
}
