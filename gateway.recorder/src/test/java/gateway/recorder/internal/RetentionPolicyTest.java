package gateway.recorder.internal;

import static gateway.recorder.internal.Fixtures.finished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention decisions on a synthetic index at a fixed time. */
class RetentionPolicyTest {
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    private static List<String> ids(List<RetentionPolicy.Deletion> d) {
        return d.stream().map(x -> x.recording().id()).toList();
    }

    private Recording live(String id, long size) {
        return Recording.first(id, "s-" + id, null, "test", RecordingMode.AUTO, null, "file")
                .startedAt(now.minusSeconds(10).toString(), "x/" + id + ".ogg", null, null).progress(10_000, size, 500);
    }

    @Test
    void offByDefault() {
        RetentionPolicy p = new RetentionPolicy(0, 0);
        assertFalse(p.enabled());
        assertEquals(List.of(), p.due(List.of(finished("a", "s", RecordingState.COMPLETE, now.minus(Duration.ofDays(999)), 1)), now));
    }

    @Test
    void deletesWhatEndedMoreThanTheMaximumAgeAgo() {
        RetentionPolicy p = new RetentionPolicy(Duration.ofDays(30).toMillis(), 0);
        List<Recording> index = List.of(
                finished("old", "s1", RecordingState.COMPLETE, now.minus(Duration.ofDays(31)), 100),
                finished("failed-old", "s2", RecordingState.FAILED, now.minus(Duration.ofDays(30)).minusMillis(1), 100),
                finished("exactly", "s3", RecordingState.INTERRUPTED, now.minus(Duration.ofDays(30)), 100),
                finished("young", "s4", RecordingState.COMPLETE, now.minus(Duration.ofDays(1)), 100));
        List<RetentionPolicy.Deletion> due = p.due(index, now);
        assertEquals(List.of("old", "failed-old"), ids(due));
        assertEquals("retention: older than 720h", due.get(0).reason());
        assertEquals(RecorderTotals.DeletionCause.MAX_AGE, due.get(0).cause());
    }

    @Test
    void deletesTheOldestWhileAllTogetherExceedTheTotalSizeCountingRecordingsInProgress() {
        RetentionPolicy p = new RetentionPolicy(0, 1_000);
        List<Recording> index = List.of(
                finished("b", "s", RecordingState.COMPLETE, now.minusSeconds(200), 400),
                finished("a", "s", RecordingState.COMPLETE, now.minusSeconds(300), 400),
                finished("c", "s", RecordingState.COMPLETE, now.minusSeconds(100), 400),
                live("d", 300));
        // 1 500 bytes in all: "a" (the oldest) goes, 1 100 remain; "b" goes, 700 remain
        List<RetentionPolicy.Deletion> due = p.due(index, now);
        assertEquals(List.of("a", "b"), ids(due));
        assertEquals("retention: recordings above 1.0 KB in total", due.get(0).reason());
        assertEquals(RecorderTotals.DeletionCause.MAX_TOTAL_SIZE, due.get(0).cause());
    }

    @Test
    void neverDeletesARecordingInProgress() {
        RetentionPolicy p = new RetentionPolicy(1_000, 1);
        assertEquals(List.of(), p.due(List.of(live("x", 5_000)), now.plus(Duration.ofDays(100))));
    }

    @Test
    void ageComesFirstThenSize() {
        RetentionPolicy p = new RetentionPolicy(Duration.ofHours(1).toMillis(), 500);
        List<Recording> index = List.of(
                finished("old", "s", RecordingState.COMPLETE, now.minus(Duration.ofHours(2)), 100),
                finished("mid", "s", RecordingState.COMPLETE, now.minusSeconds(120), 300),
                finished("new", "s", RecordingState.COMPLETE, now.minusSeconds(60), 300));
        List<RetentionPolicy.Deletion> due = p.due(index, now);
        assertEquals(List.of("old", "mid"), ids(due));
        assertTrue(due.get(0).reason().contains("older than 1h"), due.get(0).reason());
        assertTrue(due.get(1).reason().contains("in total"), due.get(1).reason());
    }

    @Test
    void passesEveryMinuteOrAQuarterOfAShortMaximumAge() {
        assertEquals(Duration.ofMinutes(1), new RetentionPolicy(Duration.ofDays(30).toMillis(), 0).interval());
        assertEquals(Duration.ofMinutes(1), new RetentionPolicy(0, 1_000).interval());
        assertEquals(Duration.ofSeconds(1), new RetentionPolicy(4_000, 0).interval());
        assertEquals(Duration.ofSeconds(1), new RetentionPolicy(1_000, 0).interval(), "at least a second");
        assertEquals(Duration.ofSeconds(30), new RetentionPolicy(120_000, 0).interval());
    }
}
