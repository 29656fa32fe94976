package gateway.callstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamRequestTest {

    private static Map<String, Object> with(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("service_url", "wss://example.test/audio");
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String refused(Map<String, Object> p) {
        return assertThrows(InvalidRequestException.class, () -> StreamRequest.parse(p)).getMessage();
    }

    @Test
    void appliesPlivosDefaults() {
        StreamRequest r = StreamRequest.parse(with());
        assertFalse(r.bidirectional());
        assertEquals(Track.INBOUND, r.track());
        assertEquals(86_400, r.timeoutSeconds());
        assertEquals("POST", r.callbackMethod());
        assertEquals(MediaFormat.L16_8K, r.format());
        assertNull(r.callbackUrl());
        assertNull(r.extraHeaders());
    }

    @Test
    void readsEveryParameterAsTheSdksSendThem() {
        StreamRequest r = StreamRequest.parse(with("bidirectional", "False", "audio_track", "both", "stream_timeout", "300",
                "status_callback_url", "https://example.test/events/", "status_callback_method", "get",
                "content_type", "audio/x-mulaw;rate=8000", "extra_headers", "Test1=Test2,Test3=Test4"));
        assertEquals(Track.BOTH, r.track());
        assertEquals(300, r.timeoutSeconds());
        assertEquals("GET", r.callbackMethod());
        assertEquals(MediaFormat.MULAW_8K, r.format());
        assertEquals("Test1=Test2;Test3=Test4", r.extraHeadersForMessages());
        assertTrue(StreamRequest.parse(with("bidirectional", true, "stream_timeout", 5)).bidirectional());
        assertEquals(MediaFormat.L16_16K, StreamRequest.parse(with("content_type", "audio/x-l16; rate=16000")).format());
    }

    @Test
    void refusesEachInvalidParameterByName() {
        Map<String, Object> none = new HashMap<>();
        assertTrue(refused(none).contains("service_url is required"));
        assertTrue(refused(with("service_url", "https://example.test/")).contains("ws:// or wss://"));
        assertTrue(refused(with("service_url", "wss://")).contains("service_url"));
        assertTrue(refused(with("service_url", "not a url")).contains("service_url"));
        assertTrue(refused(with("bidirectional", "yes")).contains("bidirectional"));
        assertTrue(refused(with("audio_track", "left")).contains("audio_track"));
        assertTrue(refused(with("bidirectional", true, "audio_track", "both")).contains("must be inbound when bidirectional"));
        assertTrue(refused(with("bidirectional", "true", "audio_track", "outbound")).contains("must be inbound when bidirectional"));
        assertEquals(512, StreamRequest.parse(with("extra_headers", "a".repeat(510) + "=b")).extraHeaders().length(), "512 bytes are allowed");
        assertTrue(refused(with("stream_timeout", "0")).contains("stream_timeout"));
        assertTrue(refused(with("stream_timeout", "-5")).contains("stream_timeout"));
        assertTrue(refused(with("stream_timeout", "ten")).contains("stream_timeout"));
        assertTrue(refused(with("status_callback_url", "ftp://example.test/")).contains("status_callback_url"));
        assertTrue(refused(with("status_callback_method", "PUT")).contains("status_callback_method"));
        assertTrue(refused(with("content_type", "audio/x-l16;rate=44100")).contains("content_type"));
        assertTrue(refused(with("extra_headers", "a".repeat(511) + "=b")).contains("at most 512 bytes"));
        assertTrue(refused(with("extra_headers", "novalue")).contains("key=value"));
        assertTrue(refused(with("service_url", Map.of("a", 1))).contains("must be a string"));
    }
}
