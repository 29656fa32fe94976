package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the recorder does when a stream is attached (the automatic decision and the new session, continuing the
 * stream's interrupted file) costs the same with 10 or 100 000 entries in the index: per-stream lookups, no scan.
 */
class AttachCostTest {
    @TempDir
    Path dir;

    private final Instant t = Instant.parse("2026-11-23T12:00:00Z");

    /** An index of {@code size} entries: three of stream "s" (the last one interrupted by a recorder stop), the rest of 5 000 other streams. */
    private RecordingIndex index(int size) throws Exception {
        List<IndexFolder.Entry> entries = new ArrayList<>();
        entries.add(new IndexFolder.Entry(Fixtures.finished("s-0", "s", RecordingState.COMPLETE, t.minusSeconds(3_000), 1), Ending.SEGMENT_DURATION));
        entries.add(new IndexFolder.Entry(Fixtures.finished("s-1", "s", RecordingState.COMPLETE, t.minusSeconds(2_000), 1), Ending.STOPPED_BY_REQUEST));
        entries.add(new IndexFolder.Entry(Fixtures.finished("s-2", "s", RecordingState.INTERRUPTED, t.minusSeconds(1_000), 1), Ending.RECORDER_STOPPED));
        for (int i = 3; i < size; i++) {
            entries.add(new IndexFolder.Entry(Fixtures.finished("o-" + i, "other-" + i % 5_000, RecordingState.COMPLETE,
                    t.minusSeconds(i), 1_000), Ending.STREAM_ENDED));
        }
        return new RecordingIndex(new IndexFolder(dir.resolve("index-" + size)), entries);
    }

    /** Median nanoseconds of one attach: the handler's decision and the session it creates. */
    private long medianAttachNanos(int indexSize) throws Exception {
        RecordingIndex index = index(indexSize);
        assertEquals(indexSize, index.size());
        SessionContext c = new SessionContext(Fixtures.settings(0), index, new FileStorage(dir.resolve("audio"), 0), "file",
                new RecordingEvents(new Fixtures.EventLog()), new RecordingNames(Clock.systemUTC(), new SplittableRandom()), new RecorderTotals());
        RecordingSessions sessions = new RecordingSessions(c);
        AutoRecordHandler handler = new AutoRecordHandler(index, sessions);
        Fixtures.Stream stream = new Fixtures.Stream("s", Map.of("record", "true"));
        long[] nanos = new long[20_000];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            RecordingSession s = (RecordingSession) handler.attach(stream);
            nanos[i] = System.nanoTime() - t0;
            assertEquals("s-2", s.current().previous(), "continues the interrupted file");
            sessions.remove(s);
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2];
    }

    @Test
    void attachingCostsTheSameWithTenOrAHundredThousandRecordingsInTheIndex() throws Exception {
        medianAttachNanos(10); // warm-up
        long small = medianAttachNanos(10);
        long large = medianAttachNanos(100_000);
        System.out.printf("[recorder attach] median %.1f us with 10 index entries, %.1f us with 100 000%n", small / 1e3, large / 1e3);
        // A scan of 100 000 entries takes milliseconds; a lookup does not depend on the index size. The bound leaves
        // room for a loaded machine (caches, a collection) without letting a scan pass.
        assertTrue(large < 5 * small + 100_000, "10 entries: " + small + " ns; 100 000 entries: " + large + " ns");
    }
}
