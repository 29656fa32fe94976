package gateway.sessions.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task as {@code set_task} declares it: where the input comes from, where the output goes, and the pipeline's
 * stages in order:
 * <pre>{"input_stream": {"content_type": "audio", "source": {"type": "webrtc"}},
 *  "output_stream": {"content_type": "audio", "target": {"type": "webrtc"}},
 *  "pipeline": {"processors": [{"name": "passthrough", "config": {}}]}}</pre>
 * Input and output default to WebRTC (the room).
 *
 * @param input  the input's transport, {@code webrtc}
 * @param output the output's transport, {@code webrtc}
 * @param stages the pipeline's stages, at least one
 */
record TaskSpec(String input, String output, List<Stage> stages) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WEBRTC = "webrtc";
    static final int MAX_STAGES = 8;

    /**
     * @param name   the processor's name
     * @param config its configuration; never null
     */
    record Stage(String name, Map<String, Object> config) {
    }

    /**
     * @param data the {@code data} of a {@code set_task} message
     * @return the task
     * @throws TaskException {@code VALIDATION_ERROR} naming what is wrong
     */
    static TaskSpec parse(JsonNode data) throws TaskException {
        if (data == null || !data.isObject()) throw invalid("set_task needs a data object with input_stream, output_stream and pipeline");
        String input = transport(data.get("input_stream"), "input_stream", "source");
        String output = transport(data.get("output_stream"), "output_stream", "target");
        JsonNode pipeline = data.get("pipeline");
        if (pipeline == null || !pipeline.isObject() || !pipeline.path("processors").isArray() || pipeline.path("processors").isEmpty()) {
            throw invalid("pipeline.processors must be a non-empty list of {\"name\", \"config\"}");
        }
        if (pipeline.path("processors").size() > MAX_STAGES) throw invalid("a pipeline has at most " + MAX_STAGES + " processors");
        List<Stage> stages = new ArrayList<>();
        int i = 0;
        for (JsonNode p : pipeline.path("processors")) {
            String at = "pipeline.processors[" + i++ + "]";
            if (!p.isObject() || !p.path("name").isTextual() || p.path("name").asText().isBlank()) throw invalid(at + ".name must be a processor's name");
            JsonNode config = p.get("config");
            if (config != null && !config.isNull() && !config.isObject()) throw invalid(at + ".config must be an object");
            Map<String, Object> map = config == null || config.isNull() ? Map.of()
                    : JSON.convertValue(config, new TypeReference<LinkedHashMap<String, Object>>() { });
            stages.add(new Stage(p.path("name").asText(), map));
        }
        return new TaskSpec(input, output, List.copyOf(stages));
    }

    private static String transport(JsonNode stream, String field, String side) throws TaskException {
        if (stream == null || stream.isNull()) return WEBRTC;
        if (!stream.isObject()) throw invalid(field + " must be an object");
        if (stream.has("content_type") && !"audio".equals(stream.path("content_type").asText())) {
            throw invalid(field + ".content_type must be audio");
        }
        String type = stream.path(side).path("type").asText(WEBRTC);
        if (WEBRTC.equals(type)) return type;
        if ("ws".equals(type)) {
            throw invalid(field + "." + side + ".type ws (audio over this socket) is not served by this gateway; use webrtc");
        }
        throw invalid(field + "." + side + ".type must be webrtc, not " + type);
    }

    private static TaskException invalid(String desc) {
        return new TaskException(TaskException.VALIDATION_ERROR, desc);
    }

    /** The task as {@code current_task} shows it, without the run's state. */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_stream", Map.of("content_type", "audio", "source", Map.of("type", input)));
        m.put("output_stream", Map.of("content_type", "audio", "target", Map.of("type", output)));
        return m;
    }
}
