package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the next start makes of entries a killed gateway left in state recording. */
class CrashRepairTest {
    @TempDir
    Path dir;

    private final Fixtures.EventLog events = new Fixtures.EventLog();

    private Recording leftRecording(String id, String object) {
        Recording r = Recording.first(id, "s-" + id, null, "test", RecordingMode.AUTO, null, "file");
        return object == null ? r : r.startedAt("2026-11-23T12:00:00Z", object, null, null);
    }

    @Test
    void everyUnfinishedEntryIsFinishedWithTheReason() throws Exception {
        FileStorage storage = new FileStorage(dir.resolve("audio"), 0);
        SegmentWriter w = new SegmentWriter(storage.create("cut.ogg"), OpusHead.of(1, 312, 48_000), OpusTags.of("t", List.of()), 4_800, 0, new RecorderTotals());
        for (int i = 0; i < 100; i++) w.write(Fixtures.packet(i).payload().array());
        w.abandon(); // killed: no end-of-stream page; 2 s written in pages of 100 ms
        long sizeBeforeTear = Files.size(storage.path("cut.ogg"));
        Files.write(storage.path("cut.ogg"), new byte[] {'O', 'g', 'g', 'S', 0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);

        RecordingIndex index = RecordingIndex.open(new IndexFolder(dir.resolve("index")));
        index.put(leftRecording("cut", "cut.ogg"));
        index.put(leftRecording("silent", null));
        index.put(leftRecording("gone", "gone.ogg"));
        index.put(Fixtures.finished("done", "s", RecordingState.COMPLETE, java.time.Instant.now(), 1), Ending.STREAM_ENDED);

        List<Recording> repaired = new CrashRepair(index, storage, new RecordingEvents(events)).run();
        assertEquals(3, repaired.size());
        assertEquals(List.of(), index.unfinished());

        Recording cut = index.get("cut").orElseThrow();
        assertEquals(RecordingState.INTERRUPTED, cut.state());
        assertTrue(cut.reason().startsWith("the gateway stopped unexpectedly; the file was repaired"), cut.reason());
        assertTrue(cut.reason().contains("7 bytes of a torn page dropped"), cut.reason());
        assertEquals(sizeBeforeTear, cut.size());
        assertEquals(Files.size(storage.path("cut.ogg")), cut.size());
        // 19 of the 20 pages of 100 ms reached the file (a page waits for the next packet), minus the pre-skip
        assertEquals(1_900 - 312 / 48, cut.durationMillis(), 1);
        assertEquals(java.time.Instant.parse(cut.start()).plusMillis(cut.durationMillis()).toString(), cut.end());

        Recording silent = index.get("silent").orElseThrow();
        assertEquals(RecordingState.INTERRUPTED, silent.state());
        assertEquals("the gateway stopped before audio arrived", silent.reason());

        Recording gone = index.get("gone").orElseThrow();
        assertEquals(RecordingState.FAILED, gone.state());
        assertEquals("the file is missing from storage 'file'", gone.reason());

        assertEquals(List.of("recording-recovered", "recording-recovered", "recording-recovered"), events.types());
        assertEquals(null, index.history("s-cut").resumable(), "an unexpected stop is not resumed: the stream did not survive it");
    }
}
