package gateway.recorder.internal;

import gateway.api.recording.StorageFullException;
import gateway.lib.ogg.OggFormatException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/**
 * What the recorder has done since this plugin started: bytes and packets written, files finished by state,
 * recordings deleted and why, write failures by kind. A component of its own so that the totals outlive the
 * {@link Recorder} component, which is re-created when its configuration or storage changes: they start at zero
 * only when the plugin does. Counting is lock-free (the writes are counted on each session's delivery thread).
 */
@Component(service = RecorderTotals.class, immediate = true)
public final class RecorderTotals {

    /** Why a recording was deleted, as the {@code cause} label names it. */
    enum DeletionCause {
        /** {@code DELETE /recordings/{id}} */
        REQUEST("request"),
        /** retention: older than the maximum age */
        MAX_AGE("max_age"),
        /** retention: all recordings together above the maximum total size */
        MAX_TOTAL_SIZE("max_total_size");

        private final String label;

        DeletionCause(String label) {
            this.label = label;
        }

        /** @return the metric label */
        String label() {
            return label;
        }
    }

    /** What made a recording fail, as the {@code kind} label names it. */
    enum WriteFailure {
        /** the storage is full or its quota reached ({@link StorageFullException}) */
        STORAGE_FULL("storage_full"),
        /** any other storage error */
        IO("io"),
        /** the stream's Opus headers cannot be written as Ogg/Opus */
        INVALID_STREAM("invalid_stream"),
        /** a bug */
        INTERNAL("internal");

        private final String label;

        WriteFailure(String label) {
            this.label = label;
        }

        /** @return the metric label */
        String label() {
            return label;
        }

        /**
         * @param e what a session failed with
         * @return its kind
         */
        static WriteFailure of(Exception e) {
            if (e instanceof StorageFullException) return STORAGE_FULL;
            if (e instanceof IOException) return IO;
            if (e instanceof OggFormatException) return INVALID_STREAM;
            return INTERNAL;
        }
    }

    private final LongAdder bytes = new LongAdder();
    private final LongAdder packets = new LongAdder();
    private final AtomicLongArray finished = new AtomicLongArray(RecordingState.values().length);
    private final AtomicLongArray deleted = new AtomicLongArray(DeletionCause.values().length);
    private final AtomicLongArray failures = new AtomicLongArray(WriteFailure.values().length);

    /** @param n bytes handed to the storage */
    void written(long n) {
        bytes.add(n);
    }

    /** One Opus packet written into a file. */
    void packetWritten() {
        packets.increment();
    }

    /** @param state the final state of a file (its index entry) */
    void countFinished(RecordingState state) {
        finished.incrementAndGet(state.ordinal());
    }

    /** @param cause why a recording was deleted */
    void countDeleted(DeletionCause cause) {
        deleted.incrementAndGet(cause.ordinal());
    }

    /** @param kind what a recording failed with */
    void countFailure(WriteFailure kind) {
        failures.incrementAndGet(kind.ordinal());
    }

    long bytesWritten() {
        return bytes.sum();
    }

    long packetsWritten() {
        return packets.sum();
    }

    long finished(RecordingState state) {
        return finished.get(state.ordinal());
    }

    long deleted(DeletionCause cause) {
        return deleted.get(cause.ordinal());
    }

    long failures(WriteFailure kind) {
        return failures.get(kind.ordinal());
    }
}
