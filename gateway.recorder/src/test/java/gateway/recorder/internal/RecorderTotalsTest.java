package gateway.recorder.internal;

import static gateway.recorder.internal.Fixtures.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.stream.StreamState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the recorder counts for its metrics, from sessions writing real files into a temporary folder: recordings
 * in progress by mode, files finished by state, bytes and packets written (the files' own sizes), the stored bytes
 * the index keeps, deletions by cause and failures by kind.
 */
class RecorderTotalsTest {
    @TempDir
    Path dir;

    private final Fixtures.EventLog events = new Fixtures.EventLog();

    private static void feed(RecordingSession s, long from, int n) {
        for (long i = from; i < from + n; i++) s.onPacket(packet(i));
    }

    @Test
    void aRecordingsLifeIsCountedFromItsStartToItsDeletion() throws Exception {
        SessionContext c = Fixtures.context(dir, Fixtures.settings(0), events);
        RecorderTotals totals = c.totals();
        RecordingSessions sessions = new RecordingSessions(c);
        RecordingSession auto = sessions.open(new Fixtures.Stream("s1", Map.of()), RecordingMode.AUTO);
        RecordingSession requested = sessions.open(new Fixtures.Stream("s2", Map.of()), RecordingMode.REQUEST);
        feed(auto, 0, 50);
        feed(requested, 0, 10);
        assertEquals(Map.of(RecordingMode.AUTO, 1, RecordingMode.REQUEST, 1), sessions.countByMode());
        assertEquals(60, totals.packetsWritten());
        assertEquals(0, c.index().storedBytes(), "nothing finished yet");

        auto.onEnd(StreamState.ENDED, "caller disconnected");
        sessions.stopping(Ending.RECORDER_STOPPED);
        requested.onDetached();
        assertEquals(Map.of(RecordingMode.AUTO, 0, RecordingMode.REQUEST, 0), sessions.countByMode());
        assertEquals(1, totals.finished(RecordingState.COMPLETE));
        assertEquals(1, totals.finished(RecordingState.INTERRUPTED));
        assertEquals(0, totals.finished(RecordingState.FAILED));

        Recording a = auto.current();
        Recording r = requested.current();
        long files = Files.size(dir.resolve("audio").resolve(a.object())) + Files.size(dir.resolve("audio").resolve(r.object()));
        assertEquals(files, totals.bytesWritten(), "the bytes written are the files' sizes");
        assertEquals(a.size() + r.size(), c.index().storedBytes());
        assertEquals(files, RecordingIndex.open(new IndexFolder(dir.resolve("index"))).storedBytes(), "and after a reopen");

        RecordingOperations operations = new RecordingOperations(null, sessions, c);
        operations.delete(a.id(), RecorderTotals.DeletionCause.REQUEST, "deleted by request");
        operations.delete(r.id(), RecorderTotals.DeletionCause.MAX_AGE, "retention: older than 1h");
        assertEquals(1, totals.deleted(RecorderTotals.DeletionCause.REQUEST));
        assertEquals(1, totals.deleted(RecorderTotals.DeletionCause.MAX_AGE));
        assertEquals(0, totals.deleted(RecorderTotals.DeletionCause.MAX_TOTAL_SIZE));
        assertEquals(0, c.index().storedBytes());
    }

    @Test
    void aFullStorageFailsTheRecordingAndIsCountedAsSuch() throws Exception {
        SessionContext c = new SessionContext(Fixtures.settings(0), RecordingIndex.open(new IndexFolder(dir.resolve("index"))),
                new FileStorage(dir.resolve("audio"), 2_000), "file", new RecordingEvents(events),
                new RecordingNames(Clock.systemUTC(), new SplittableRandom()), new RecorderTotals());
        RecordingSessions sessions = new RecordingSessions(c);
        RecordingSession s = sessions.open(new Fixtures.Stream("s1", Map.of()), RecordingMode.AUTO);
        feed(s, 0, 500); // 30 KB of audio into a quota of 2 KB
        assertEquals(RecordingState.FAILED, s.current().state());
        assertEquals(1, c.totals().failures(RecorderTotals.WriteFailure.STORAGE_FULL));
        assertEquals(0, c.totals().failures(RecorderTotals.WriteFailure.IO));
        assertEquals(1, c.totals().finished(RecordingState.FAILED));
        assertEquals(Map.of(RecordingMode.AUTO, 0, RecordingMode.REQUEST, 0), sessions.countByMode());
    }
}
