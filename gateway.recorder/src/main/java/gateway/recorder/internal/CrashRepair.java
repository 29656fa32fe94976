package gateway.recorder.internal;

import gateway.api.recording.RecordingStorage;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes, at start, what an earlier run left in state {@code recording} (the gateway was killed or crashed):
 * repairs each file up to its last complete page and sets the entry {@code interrupted} with the reason, or
 * {@code failed} if nothing playable survived.
 */
final class CrashRepair {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRepair.class);

    private final RecordingIndex index;
    private final RecordingStorage storage;
    private final RecordingEvents events;

    /**
     * @param index   the index
     * @param storage where the files are
     * @param events  where {@code recording-recovered} goes
     */
    CrashRepair(RecordingIndex index, RecordingStorage storage, RecordingEvents events) {
        this.index = index;
        this.storage = storage;
        this.events = events;
    }

    /** @return the entries it finished */
    List<Recording> run() {
        List<Recording> unfinished = index.unfinished();
        for (Recording r : unfinished) {
            Recording fixed = repaired(r);
            try {
                index.put(fixed, Ending.UNEXPECTED_STOP);
                events.publish(RecordingEvent.RECOVERED, fixed);
                LOG.info("Recording {} of stream {} recovered after an unexpected stop: {} ms, {} bytes, {}", fixed.id(),
                        fixed.stream(), fixed.durationMillis(), fixed.size(), fixed.state());
            } catch (IOException e) {
                LOG.error("Recording {}: the index could not be updated: {}", r.id(), e.toString());
            }
        }
        return unfinished;
    }

    /**
     * @param r an entry left in state {@code recording}
     * @return the entry as its file is after repair
     */
    Recording repaired(Recording r) {
        if (r.object() == null) {
            return r.ended(RecordingState.INTERRUPTED, "the gateway stopped before audio arrived", r.start(), 0, 0, null, 0);
        }
        try {
            OggRepair.Result result = OggRepair.repair(storage, r.object());
            String end = r.start() == null ? null : Instant.parse(r.start()).plusMillis(result.durationMillis()).toString();
            if (!result.playable()) {
                return r.ended(RecordingState.FAILED, "the gateway stopped unexpectedly before a complete audio page was written",
                        end, 0, result.size(), result.checksum(), 0);
            }
            return r.ended(RecordingState.INTERRUPTED, "the gateway stopped unexpectedly; the file was repaired up to its last complete page"
                    + (result.discarded() > 0 ? " (" + result.discarded() + " bytes of a torn page dropped)" : ""),
                    end, result.durationMillis(), result.size(), result.checksum(), result.packets());
        } catch (NoSuchFileException e) {
            return r.ended(RecordingState.FAILED, "the file is missing from storage '" + r.storage() + "'", r.start(), 0, 0, null, 0);
        } catch (IOException | RuntimeException e) {
            return r.ended(RecordingState.FAILED, "repair after an unexpected stop failed: " + e.getMessage(), r.start(), 0, 0, null, 0);
        }
    }
}
