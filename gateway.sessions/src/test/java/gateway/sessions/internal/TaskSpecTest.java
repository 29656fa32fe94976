package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TaskSpec parse(String json) throws Exception {
        return TaskSpec.parse(JSON.readTree(json));
    }

    private static String refusal(String json) {
        TaskException e = assertThrows(TaskException.class, () -> parse(json));
        assertEquals(TaskException.VALIDATION_ERROR, e.code);
        return e.getMessage();
    }

    @Test
    void aTaskNamesItsStagesInOrderWithTheirConfigurationAndDefaultsToWebRtc() throws Exception {
        TaskSpec t = parse("{\"pipeline\": {\"processors\": [{\"name\": \"passthrough\"}, {\"name\": \"x\", \"config\": {\"a\": 1}}]}}");
        assertEquals(TaskSpec.Transport.ROOM, t.input());
        assertEquals(TaskSpec.Transport.ROOM, t.output());
        assertEquals("passthrough", t.stages().get(0).name());
        assertEquals(Map.of(), t.stages().get(0).config());
        assertEquals(Map.of("a", 1), t.stages().get(1).config());
    }

    @Test
    void audioOverTheSocketDeclaresItsRateAndChannelsWithDefaults() throws Exception {
        TaskSpec t = parse("{\"input_stream\": {\"source\": {\"type\": \"ws\", \"sample_rate\": 48000, \"channels\": 2}},"
                + " \"output_stream\": {\"target\": {\"type\": \"ws\"}}, \"pipeline\": {\"processors\": [{\"name\": \"passthrough\"}]}}");
        assertEquals(new TaskSpec.Transport("ws", 48000, 2), t.input());
        assertEquals(new TaskSpec.Transport("ws", 16000, 1), t.output());
        assertEquals(Map.of("type", "ws", "format", "pcm_s16le", "sample_rate", 16000, "channels", 1),
                ((Map<?, ?>) t.view().get("output_stream")).get("target"));
    }

    @Test
    void malformedTasksAreRefusedSayingWhatIsWrong() {
        assertTrue(refusal("[]").contains("data object"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": []}}").contains("non-empty"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": [{\"config\": {}}]}}").contains("processors[0].name"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": [{\"name\": \"a\", \"config\": 3}]}}").contains("config must be an object"));
        assertTrue(refusal("{\"input_stream\": {\"source\": {\"type\": \"sip\"}}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("webrtc or ws"));
        assertTrue(refusal("{\"input_stream\": {\"source\": {\"type\": \"ws\", \"sample_rate\": 44100}}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("sample_rate"));
        assertTrue(refusal("{\"output_stream\": {\"target\": {\"type\": \"ws\", \"channels\": 3}}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("channels"));
        assertTrue(refusal("{\"output_stream\": {\"target\": {\"type\": \"ws\", \"format\": \"opus\"}}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("pcm_s16le"));
        assertTrue(refusal("{\"output_stream\": {\"content_type\": \"video\"}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("audio"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": [" + "{\"name\": \"a\"},".repeat(8) + "{\"name\": \"a\"}]}}").contains("at most 8"));
    }
}
