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
        assertEquals("webrtc", t.input());
        assertEquals("webrtc", t.output());
        assertEquals("passthrough", t.stages().get(0).name());
        assertEquals(Map.of(), t.stages().get(0).config());
        assertEquals(Map.of("a", 1), t.stages().get(1).config());
    }

    @Test
    void malformedTasksAreRefusedSayingWhatIsWrong() {
        assertTrue(refusal("[]").contains("data object"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": []}}").contains("non-empty"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": [{\"config\": {}}]}}").contains("processors[0].name"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": [{\"name\": \"a\", \"config\": 3}]}}").contains("config must be an object"));
        assertTrue(refusal("{\"input_stream\": {\"source\": {\"type\": \"ws\"}}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("not served"));
        assertTrue(refusal("{\"output_stream\": {\"content_type\": \"video\"}, \"pipeline\": {\"processors\": [{\"name\": \"a\"}]}}").contains("audio"));
        assertTrue(refusal("{\"pipeline\": {\"processors\": [" + "{\"name\": \"a\"},".repeat(8) + "{\"name\": \"a\"}]}}").contains("at most 8"));
    }
}
