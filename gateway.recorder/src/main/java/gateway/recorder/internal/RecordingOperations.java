package gateway.recorder.internal;

import gateway.api.recording.StorageReader;
import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamRegistry;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What can be done with recordings: start and stop them, find, list, read and delete them. The REST resource
 * and retention call these; failures are {@link RecorderException}s.
 */
final class RecordingOperations {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingOperations.class);
    private static final Comparator<Recording> NEWEST_FIRST =
            Comparator.comparing((Recording r) -> r.start() == null ? "~" : r.start()).reversed()
                    .thenComparing(Recording::id, Comparator.reverseOrder());

    /**
     * A recording's audio, open for reading.
     *
     * @param recording the entry
     * @param reader    its file; the caller closes it
     */
    record Audio(Recording recording, StorageReader reader) {}

    private final StreamRegistry registry;
    private final RecordingSessions sessions;
    private final SessionContext context;

    /**
     * @param registry the stream registry
     * @param sessions the recordings in progress
     * @param context  the index, storage and events
     */
    RecordingOperations(StreamRegistry registry, RecordingSessions sessions, SessionContext context) {
        this.registry = registry;
        this.sessions = sessions;
        this.context = context;
    }

    /**
     * Starts recording a live stream.
     *
     * @param streamId the stream
     * @return the new recording
     * @throws RecorderException.StreamNotFound      if there is no such stream
     * @throws RecorderException.StreamNotRecordable if it has ended or cannot be attached to
     * @throws RecorderException.AlreadyRecorded     if it is being recorded
     */
    Recording start(String streamId) {
        LiveStream stream = registry.find(streamId).orElseThrow(() -> new RecorderException.StreamNotFound(streamId));
        if (stream.state().isTerminal()) throw new RecorderException.StreamNotRecordable("stream '" + streamId + "' has ended");
        RecordingSession session = sessions.open(stream, RecordingMode.REQUEST);
        if (session == null) {
            throw new RecorderException.AlreadyRecorded(streamId,
                    sessions.ofStream(streamId).map(s -> s.current().id()).orElse("another recording"));
        }
        try {
            attach(session);
        } catch (RuntimeException e) {
            sessions.remove(session);
            throw new RecorderException.StreamNotRecordable("stream '" + streamId + "' cannot be recorded: " + e.getMessage());
        }
        return session.current();
    }

    /** Requested recordings that the last recorder stop interrupted continue on the streams still live. */
    void resumeRequested() {
        for (LiveStream stream : registry.streams()) {
            Recording interrupted = context.index().history(stream.id()).resumable();
            if (interrupted == null || interrupted.mode() != RecordingMode.REQUEST || stream.state().isTerminal()) continue;
            RecordingSession s = sessions.open(stream, RecordingMode.REQUEST);
            if (s == null) continue;
            try {
                attach(s);
                LOG.info("Recording of stream {} resumes after a recorder restart (continues {})", stream.id(), interrupted.id());
            } catch (RuntimeException e) {
                sessions.remove(s);
                LOG.warn("Recording of stream {} cannot resume: {}", stream.id(), e.getMessage());
            }
        }
    }

    private void attach(RecordingSession session) {
        // the same name and queue as the automatic handler: a recording on request gets the configured 60 s
        session.attachment(registry.attach(session.streamId(), stream -> session, context.settings().handlerProperties()));
    }

    /**
     * Stops a recording in progress.
     *
     * @param id any file of the running series
     * @return its final entry
     * @throws RecorderException.RecordingNotFound if there is no such recording
     * @throws RecorderException.NotInProgress     if it is not being written
     */
    Recording stop(String id) {
        Recording r = find(id);
        return sessions.ofSeries(r.series()).orElseThrow(() -> new RecorderException.NotInProgress(r)).stop();
    }

    /**
     * @param id a recording id
     * @return its entry, with live figures if it is being written
     * @throws RecorderException.RecordingNotFound if there is no such recording
     */
    Recording find(String id) {
        Optional<Recording> indexed = context.index().get(id);
        if (indexed.isEmpty()) { // a recording whose first packet has not arrived yet is not in the index
            return sessions.all().stream().map(RecordingSession::current).filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> new RecorderException.RecordingNotFound(id));
        }
        Recording r = indexed.get();
        Recording live = sessions.ofSeries(r.series()).map(RecordingSession::current).orElse(null);
        return live != null && live.id().equals(id) ? live : r;
    }

    /**
     * @param filter which entries
     * @return the matching entries, live figures for those being written, newest first
     */
    List<Recording> list(Predicate<Recording> filter) {
        Map<String, Recording> all = new HashMap<>();
        context.index().all().forEach(r -> all.put(r.id(), r));
        sessions.all().forEach(s -> {
            Recording live = s.current();
            all.put(live.id(), live);
        });
        return all.values().stream().filter(filter).sorted(NEWEST_FIRST).toList();
    }

    /**
     * Deletes a finished recording and its file.
     *
     * @param id    the recording
     * @param cause who or which retention rule deletes it, for the metrics
     * @param why   reason published with the event
     * @throws RecorderException.RecordingNotFound if there is no such recording
     * @throws RecorderException.StillRecording    if it is being written
     * @throws IOException                         if the file or the entry cannot be deleted
     */
    void delete(String id, RecorderTotals.DeletionCause cause, String why) throws IOException {
        Recording r = find(id);
        if (r.active()) throw new RecorderException.StillRecording(id);
        if (r.object() != null) context.storage().delete(r.object());
        context.index().remove(id);
        context.totals().countDeleted(cause);
        context.events().deleted(r, why);
    }

    /**
     * Opens a recording's file for reading.
     *
     * @param id the recording
     * @return the entry and its open file
     * @throws RecorderException.RecordingNotFound  if there is no such recording
     * @throws RecorderException.AudioNotFound      if it has no audio or its file is gone
     * @throws RecorderException.StorageUnavailable if the storage cannot be read
     */
    Audio openAudio(String id) {
        Recording r = find(id);
        if (r.object() == null) throw new RecorderException.AudioNotFound("recording '" + id + "' has no audio");
        try {
            return new Audio(r, context.storage().open(r.object()));
        } catch (NoSuchFileException e) {
            throw new RecorderException.AudioNotFound("the file of recording '" + id + "' is missing from storage '" + r.storage() + "'");
        } catch (IOException e) {
            throw new RecorderException.StorageUnavailable("the file of recording '" + id + "' cannot be read: " + e.getMessage());
        }
    }
}
