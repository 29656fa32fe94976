package gateway.recorder.internal;

import static gateway.recorder.internal.Fixtures.finished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index on disk and the per-stream history it keeps as entries change. */
class RecordingIndexTest {
    @TempDir
    Path dir;

    private final Instant t = Instant.parse("2026-11-23T12:00:00Z");

    private RecordingIndex open() throws Exception {
        return RecordingIndex.open(new IndexFolder(dir));
    }

    @Test
    void entriesSurviveAReopenWithHowTheyEndedButTheApiFormShowsNoEnding() throws Exception {
        RecordingIndex index = open();
        Recording r = finished("a", "s", RecordingState.COMPLETE, t, 10);
        index.put(r, Ending.STOPPED_BY_REQUEST);
        JsonNode file = new ObjectMapper().readTree(dir.resolve("a.json").toFile());
        assertEquals("stopped-by-request", file.path("ending").asText());
        assertEquals("complete", file.path("state").asText());
        assertEquals("auto", file.path("mode").asText());

        JsonNode api = new ObjectMapper().valueToTree(r);
        assertFalse(api.has("ending"), "the API shows the entry, not the recorder's own bookkeeping: " + api);
        assertEquals("complete", api.path("state").asText());

        RecordingIndex again = open();
        assertEquals(r, again.get("a").orElseThrow());
        assertTrue(again.history("s").stoppedByRequest());
    }

    @Test
    void entriesOfEarlierVersionsWithoutAnEndingAreReadByTheirFixedReasons() throws Exception {
        String earlier = """
                {"id":"%s","stream":"s","mode":"%s","series":"%s","segment":0,"state":"%s","reason":"%s",
                 "start":"2026-11-23T11:00:00Z","end":"%s","durationMillis":1,"size":1,"packets":1,"storage":"file","object":"x.ogg"}
                """;
        Files.writeString(dir.resolve("i.json"), earlier.formatted("i", "request", "i", "interrupted", "recorder stopped", "2026-11-23T11:30:00Z"));
        Files.writeString(dir.resolve("j.json"), earlier.formatted("j", "auto", "j", "complete", "stopped by request", "2026-11-23T11:10:00Z"));
        RecordingIndex index = open();
        StreamHistory h = index.history("s");
        assertEquals("i", h.resumable().id());
        assertEquals(RecordingMode.REQUEST, h.resumable().mode());
        assertFalse(h.stoppedByRequest(), "the last to end was interrupted by a recorder stop");
    }

    @Test
    void aTornOrUnreadableEntryIsSetAsideNotFatal() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"id\": ");
        Files.writeString(dir.resolve("ok.json.tmp"), "{}");
        RecordingIndex index = open();
        assertEquals(0, index.size());
        assertTrue(Files.exists(dir.resolve("bad.json.corrupt")));
        assertFalse(Files.exists(dir.resolve("ok.json.tmp")));
    }

    @Test
    void theHistoryFollowsEachChangeOfTheStreamsEntries() throws Exception {
        RecordingIndex index = open();
        assertSame(StreamHistory.NONE, index.history("s"));

        Recording a = finished("a", "s", RecordingState.INTERRUPTED, t, 10);
        index.put(a, Ending.RECORDER_STOPPED);
        assertEquals(a, index.history("s").resumable(), "a recorder stop leaves a file to continue");
        assertNull(index.history("other").resumable(), "per stream");

        Recording b = Recording.first("b", "s", null, "test", RecordingMode.AUTO, "a", "file");
        index.put(b);
        assertNull(index.history("s").resumable(), "continued by b");

        index.put(b.startedAt(t.plusSeconds(1).toString(), "x/b.ogg", "a", 1000L)
                .ended(RecordingState.COMPLETE, "stopped by request", t.plusSeconds(5).toString(), 4000, 10, "sha256:00", 200),
                Ending.STOPPED_BY_REQUEST);
        assertTrue(index.history("s").stoppedByRequest());

        index.remove("b");
        assertFalse(index.history("s").stoppedByRequest());
        assertEquals(a, index.history("s").resumable(), "without its continuation, a is open again");

        index.remove("a");
        assertSame(StreamHistory.NONE, index.history("s"));
        assertEquals(List.of(), index.all());
    }

    @Test
    void theLatestRecorderStopIsTheOneToContinueAndTheLatestEndingDecides() throws Exception {
        RecordingIndex index = open();
        // fractional seconds make ISO strings sort wrongly ("…:00.5Z" < "…:00Z"); instants are compared
        index.put(finished("early", "s", RecordingState.INTERRUPTED, Instant.parse("2026-11-23T12:00:00Z"), 1), Ending.RECORDER_STOPPED);
        index.put(finished("late", "s", RecordingState.INTERRUPTED, Instant.parse("2026-11-23T12:00:00.500Z"), 1), Ending.RECORDER_STOPPED);
        assertEquals("late", index.history("s").resumable().id());
        index.put(finished("stopped", "s", RecordingState.COMPLETE, Instant.parse("2026-11-23T11:00:00Z"), 1), Ending.STOPPED_BY_REQUEST);
        assertFalse(index.history("s").stoppedByRequest(), "an older stop does not count");
    }

    @Test
    void unfinishedEntriesAreThoseStillRecording() throws Exception {
        RecordingIndex index = open();
        index.put(Recording.first("r", "s", null, "test", RecordingMode.AUTO, null, "file"));
        index.put(finished("f", "s", RecordingState.COMPLETE, t, 1), Ending.STREAM_ENDED);
        assertEquals(List.of("r"), open().unfinished().stream().map(Recording::id).toList());
    }
}
