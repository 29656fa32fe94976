package gateway.example.tonedetect.internal;

import gateway.api.processing.ProcessorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tone-detect stage's configuration: {@code hz} (required, 50–4000), {@code min_level} (the tone's amplitude as a
 * share of full scale, 0.001–1, default 0.05) and {@code window_ms} (20–1000, default 100).
 */
record ToneSettings(double hz, double minLevel, int windowMs) {
    static final List<String> KEYS = List.of("hz", "min_level", "window_ms");

    static ToneSettings of(Map<String, Object> config) throws ProcessorException {
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) throw new ProcessorException("tone-detect takes " + String.join(", ", KEYS) + ", not '" + key + "'");
        }
        if (!(config.get("hz") instanceof Number hz) || hz.doubleValue() < 50 || hz.doubleValue() > 4000) {
            throw new ProcessorException("tone-detect needs hz, a frequency from 50 to 4000");
        }
        Object level = config.getOrDefault("min_level", 0.05);
        if (!(level instanceof Number l) || l.doubleValue() < 0.001 || l.doubleValue() > 1) {
            throw new ProcessorException("tone-detect's min_level must be a number from 0.001 to 1");
        }
        Object window = config.getOrDefault("window_ms", 100);
        if (!(window instanceof Integer w) || w < 20 || w > 1000) throw new ProcessorException("tone-detect's window_ms must be an integer from 20 to 1000");
        return new ToneSettings(hz.doubleValue(), l.doubleValue(), w);
    }

    /** The JSON Schema shown in a session's current_task. */
    static Map<String, Object> schema() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("hz", Map.of("type", "number", "minimum", 50, "maximum", 4000, "description", "The frequency listened for"));
        properties.put("min_level", Map.of("type", "number", "minimum", 0.001, "maximum", 1, "default", 0.05,
                "description", "The tone's amplitude (share of full scale) from which it counts as present"));
        properties.put("window_ms", Map.of("type", "integer", "minimum", 20, "maximum", 1000, "default", 100,
                "description", "The length of each measurement"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of("hz"));
        schema.put("additionalProperties", false);
        return schema;
    }
}
