package gateway.recorder.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which finished recordings retention deletes: those whose audio ended more than {@code maxAge} ago, then the
 * oldest while all recordings together (those in progress included) exceed {@code maxTotalSize}. A recording in
 * progress is never deleted. Plain decisions over a list of entries and a time, so they can be checked alone.
 */
final class RetentionPolicy {

    /**
     * A recording to delete.
     *
     * @param recording the entry
     * @param cause     which rule deletes it
     * @param reason    why, for the {@code recording-deleted} event and the log
     */
    record Deletion(Recording recording, RecorderTotals.DeletionCause cause, String reason) {}

    private static final Comparator<Recording> OLDEST_FIRST =
            Comparator.comparing(Recording::endInstant, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final long maxAgeMillis;
    private final long maxTotalBytes;

    /**
     * @param maxAgeMillis  finished recordings older than this are deleted; 0 = keep
     * @param maxTotalBytes the oldest are deleted while all exceed this; 0 = no limit
     */
    RetentionPolicy(long maxAgeMillis, long maxTotalBytes) {
        this.maxAgeMillis = maxAgeMillis;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** @return whether anything is ever deleted */
    boolean enabled() {
        return maxAgeMillis > 0 || maxTotalBytes > 0;
    }

    /** @return the time between passes: a minute, or a quarter of a shorter maximum age (at least a second) */
    Duration interval() {
        return Duration.ofMillis(maxAgeMillis > 0 ? Math.max(1_000, Math.min(60_000, maxAgeMillis / 4)) : 60_000);
    }

    /**
     * @param recordings every entry, those in progress with their current size
     * @param now        the time
     * @return what to delete, oldest first
     */
    List<Deletion> due(Collection<Recording> recordings, Instant now) {
        long total = recordings.stream().mapToLong(Recording::size).sum();
        List<Recording> finished = recordings.stream().filter(r -> !r.active()).sorted(OLDEST_FIRST).toList();
        List<Deletion> out = new ArrayList<>();
        for (Recording r : finished) {
            Instant end = r.endInstant();
            long ageMillis = end == null ? Long.MAX_VALUE : now.toEpochMilli() - end.toEpochMilli();
            String why = null;
            RecorderTotals.DeletionCause cause = null;
            if (maxAgeMillis > 0 && ageMillis > maxAgeMillis) {
                cause = RecorderTotals.DeletionCause.MAX_AGE;
                why = "retention: older than " + Units.describe(Duration.ofMillis(maxAgeMillis));
            } else if (maxTotalBytes > 0 && total > maxTotalBytes) {
                cause = RecorderTotals.DeletionCause.MAX_TOTAL_SIZE;
                why = "retention: recordings above " + Units.describe(maxTotalBytes) + " in total";
            }
            if (why != null) {
                out.add(new Deletion(r, cause, why));
                total -= r.size();
            }
        }
        return out;
    }
}
