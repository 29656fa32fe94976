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
 * Input and output default to WebRTC (the room). A {@code ws} source or target is audio over the control socket:
 * 16-bit little-endian PCM ({@code "format": "pcm_s16le"}) at {@code sample_rate} (8000, 16000, 24000 or 48000;
 * default 16000) with {@code channels} (1 or 2; default 1).
 *
 * @param input  the input's transport
 * @param output the output's transport
 * @param stages the pipeline's stages, at least one
 */
record TaskSpec(Transport input, Transport output, List<Stage> stages) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WEBRTC = "webrtc", WS = "ws", PCM = "pcm_s16le";
    static final int MAX_STAGES = 8;
    static final List<Integer> SOCKET_RATES = List.of(8000, 16000, 24000, 48000);

    /**
     * Where audio comes from or goes.
     *
     * @param type       {@code webrtc} (the room) or {@code ws} (the control socket)
     * @param sampleRate the socket audio's rate; 0 for webrtc
     * @param channels   the socket audio's channels; 0 for webrtc
     */
    record Transport(String type, int sampleRate, int channels) {
        static final Transport ROOM = new Transport(WEBRTC, 0, 0);

        boolean socket() {
            return WS.equals(type);
        }

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            if (socket()) {
                m.put("format", PCM);
                m.put("sample_rate", sampleRate);
                m.put("channels", channels);
            }
            return m;
        }
    }

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
        Transport input = transport(data.get("input_stream"), "input_stream", "source");
        Transport output = transport(data.get("output_stream"), "output_stream", "target");
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

    private static Transport transport(JsonNode stream, String field, String side) throws TaskException {
        if (stream == null || stream.isNull()) return Transport.ROOM;
        if (!stream.isObject()) throw invalid(field + " must be an object");
        if (stream.has("content_type") && !"audio".equals(stream.path("content_type").asText())) {
            throw invalid(field + ".content_type must be audio");
        }
        JsonNode end = stream.path(side);
        if (!end.isMissingNode() && !end.isNull() && !end.isObject()) throw invalid(field + "." + side + " must be an object");
        String at = field + "." + side;
        String type = end.path("type").asText(WEBRTC);
        if (WEBRTC.equals(type)) return Transport.ROOM;
        if (!WS.equals(type)) throw invalid(at + ".type must be webrtc or ws, not " + type);
        if (end.has("format") && !PCM.equals(end.path("format").asText())) throw invalid(at + ".format must be " + PCM);
        JsonNode rate = end.path("sample_rate");
        if (!rate.isMissingNode() && (!rate.isInt() || !SOCKET_RATES.contains(rate.asInt()))) {
            throw invalid(at + ".sample_rate must be one of " + SOCKET_RATES);
        }
        JsonNode channels = end.path("channels");
        if (!channels.isMissingNode() && (!channels.isInt() || channels.asInt() < 1 || channels.asInt() > 2)) {
            throw invalid(at + ".channels must be 1 or 2");
        }
        return new Transport(WS, rate.isMissingNode() ? 16000 : rate.asInt(), channels.isMissingNode() ? 1 : channels.asInt());
    }

    private static TaskException invalid(String desc) {
        return new TaskException(TaskException.VALIDATION_ERROR, desc);
    }

    /** @return the task as a {@code set_task} message's data declares it ({@link #parse} reads it back) */
    Map<String, Object> declaration() {
        Map<String, Object> m = view();
        List<Map<String, Object>> processors = new ArrayList<>();
        for (Stage s : stages) processors.add(Map.of("name", s.name(), "config", s.config()));
        m.put("pipeline", Map.of("processors", processors));
        return m;
    }

    /** The task as {@code current_task} shows it, without the run's state. */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_stream", Map.of("content_type", "audio", "source", input.view()));
        m.put("output_stream", Map.of("content_type", "audio", "target", output.view()));
        return m;
    }
}
