package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.MediaHandler;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** The configuration with the defaults of its annotation, and {@code overrides} by attribute name. */
    private static RecorderConfig config(Map<String, Object> overrides) {
        return (RecorderConfig) java.lang.reflect.Proxy.newProxyInstance(RecorderConfig.class.getClassLoader(),
                new Class<?>[] {RecorderConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) return RecorderConfig.class;
                    return overrides.containsKey(method.getName()) ? overrides.get(method.getName()) : method.getDefaultValue();
                });
    }

    @Test
    void theDefaults() {
        Settings s = Settings.of(config(Map.of()));
        assertEquals("(metadata.record=true)", s.record());
        assertTrue(s.recordsAutomatically());
        assertEquals(0, s.segmentMillis());
        assertEquals(500 * 48, s.pageSamples());
        assertEquals(2_000_000_000L, s.syncNanos());
        assertEquals(0, s.maxAgeMillis());
        assertEquals(0, s.maxTotalBytes());
        assertEquals(3000, s.queue());
    }

    @Test
    void everyAttachmentGetsTheRecordersNameAndItsQueue() {
        Settings s = Settings.of(config(Map.of("queue", 1500)));
        assertEquals(Map.of(MediaHandler.NAME, "recorder", MediaHandler.QUEUE_CAPACITY, 1500), s.handlerProperties());
        assertEquals(10, Settings.of(config(Map.of("queue", 0))).queue(), "at least 10");
    }

    @Test
    void anEmptyFilterRecordsOnlyOnRequest() {
        assertFalse(Settings.of(config(Map.of("record", " "))).recordsAutomatically());
    }

    @Test
    void wrongValuesNameTheSetting() {
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(Map.of("record", "metadata.record=true"),
                Map.of("segmentDuration", "500ms"), Map.of("pageDuration", "10s"), Map.of("syncInterval", "soon"),
                Map.of("maxAge", "30 days"), Map.of("maxTotalSize", "lots"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.of(config(bad)), bad.toString());
            assertTrue(e.getMessage().startsWith(bad.keySet().iterator().next() + ":"), e.getMessage());
        }
    }

}
