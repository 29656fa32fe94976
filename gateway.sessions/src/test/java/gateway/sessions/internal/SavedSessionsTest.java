package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedSessionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void savedSessionsAreTakenBackOnceWithTheirTaskAsSetTaskDeclaresIt() throws Exception {
        TaskSpec task = TaskSpec.parse(JSON.readTree("{\"input_stream\": {\"source\": {\"type\": \"ws\", \"sample_rate\": 24000}},"
                + " \"pipeline\": {\"processors\": [{\"name\": \"websocket\", \"config\": {\"url\": \"ws://x/\", \"sample_rate\": 8000}}, {\"name\": \"passthrough\"}]}}"));
        SavedSessions saved = new SavedSessions(data);
        SavedSessions.Saved one = new SavedSessions.Saved("id-1", "client", "session-abc", "demo", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z",
                "2026-01-01T00:10:00Z", List.of("publisher-1"), List.of("subscriber-1", "subscriber-2"), task.declaration(), "running");
        saved.save(List.of(one));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(saved.file())));
        List<SavedSessions.Saved> back = saved.take();
        assertEquals(1, back.size());
        assertEquals(one.subscribers(), back.get(0).subscribers());
        assertEquals(task, TaskSpec.parse(JSON.valueToTree(back.get(0).task())), "the task reads back as it was");
        assertFalse(Files.exists(saved.file()), "taken once");
        assertEquals(List.of(), saved.take());
    }
}
