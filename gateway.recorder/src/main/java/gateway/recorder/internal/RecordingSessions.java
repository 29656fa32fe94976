package gateway.recorder.internal;

import gateway.api.stream.LiveStream;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recordings in progress: at most one session per stream, found by stream id or by series id in one
 * lookup. Sessions are created here, continuing the file a recorder restart interrupted if the stream has one.
 */
final class RecordingSessions {
    private final SessionContext context;
    private final Map<String, RecordingSession> byStream = new ConcurrentHashMap<>();
    private final Map<String, RecordingSession> bySeries = new ConcurrentHashMap<>();
    private volatile Runnable onEnded = () -> { };
    private volatile Ending detachEnding = Ending.RECORDER_STOPPED;

    /** @param context what the sessions write through */
    RecordingSessions(SessionContext context) {
        this.context = context;
    }

    /** @param action run after each session has ended (e.g. a retention pass) */
    void onEnded(Runnable action) {
        this.onEnded = action;
    }

    /**
     * Starts recording a stream unless it is being recorded already.
     *
     * @param stream the stream
     * @param mode   why it is recorded
     * @return the new session, or null if the stream has one
     */
    synchronized RecordingSession open(LiveStream stream, RecordingMode mode) {
        if (byStream.containsKey(stream.id())) return null;
        String id = context.names().newId();
        Recording continues = context.index().history(stream.id()).resumable();
        Recording first = Recording.first(id, stream.id(), stream.metadata().get("event"), stream.origin(), mode,
                continues == null ? null : continues.id(), context.storageName());
        RecordingSession s = new RecordingSession(this, context, stream, first, continues);
        byStream.put(stream.id(), s);
        bySeries.put(id, s);
        return s;
    }

    /**
     * @param streamId a stream id
     * @return the session recording it, if any
     */
    Optional<RecordingSession> ofStream(String streamId) {
        return Optional.ofNullable(byStream.get(streamId));
    }

    /**
     * @param series a series id
     * @return the session writing it, if it is in progress
     */
    Optional<RecordingSession> ofSeries(String series) {
        return Optional.ofNullable(bySeries.get(series));
    }

    /** @return the sessions in progress, per mode; every mode present (0 when none) */
    Map<RecordingMode, Integer> countByMode() {
        Map<RecordingMode, Integer> out = new EnumMap<>(RecordingMode.class);
        for (RecordingMode m : RecordingMode.values()) out.put(m, 0);
        for (RecordingSession s : bySeries.values()) out.merge(s.mode(), 1, Integer::sum);
        return out;
    }

    /** @return the sessions in progress */
    Collection<RecordingSession> all() {
        return List.copyOf(bySeries.values());
    }

    /**
     * Forgets a session: it has ended, or it never got attached.
     *
     * @param s the session
     */
    void remove(RecordingSession s) {
        byStream.remove(s.streamId(), s);
        bySeries.remove(s.series(), s);
    }

    /** Called by a session that has finished its last file. */
    void ended(RecordingSession s) {
        remove(s);
        onEnded.run();
    }

    /** @return how sessions detached from a live stream end: the recorder stopping, or the gateway */
    Ending detachEnding() {
        return detachEnding;
    }

    /** @param why how sessions that are detached from now on end */
    void stopping(Ending why) {
        this.detachEnding = why;
    }
}
