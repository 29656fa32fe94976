package gateway.recorder.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What the index says about one stream's past recordings, as far as a new recording of it needs to know:
 * whether an operator stopped the last one, and which file a recorder restart cut short.
 *
 * @param lastEnding how the stream's most recently ended file ended; null if none has ended
 * @param resumable  the latest file a recorder stop interrupted, if no file continues it yet; null if none
 */
record StreamHistory(Ending lastEnding, Recording resumable) {

    /** A stream without recordings. */
    static final StreamHistory NONE = new StreamHistory(null, null);

    /** @return whether an operator stopped the stream's recording last: a recorder restart leaves it alone */
    boolean stoppedByRequest() {
        return lastEnding == Ending.STOPPED_BY_REQUEST;
    }

    /**
     * @param entries every entry of one stream
     * @return its history
     */
    static StreamHistory of(Collection<IndexFolder.Entry> entries) {
        Set<String> continued = new HashSet<>();
        for (IndexFolder.Entry e : entries) {
            if (e.recording().previous() != null) continued.add(e.recording().previous());
        }
        Instant lastEnd = null;
        Ending last = null;
        Instant resumableEnd = null;
        Recording resumable = null;
        for (IndexFolder.Entry e : entries) {
            Instant end = e.recording().endInstant();
            if (end == null) continue;
            if (lastEnd == null || end.isAfter(lastEnd)) {
                lastEnd = end;
                last = e.ending();
            }
            if (e.ending() == Ending.RECORDER_STOPPED && !continued.contains(e.recording().id())
                    && (resumableEnd == null || end.isAfter(resumableEnd))) {
                resumableEnd = end;
                resumable = e.recording();
            }
        }
        return last == null && resumable == null ? NONE : new StreamHistory(last, resumable);
    }
}
