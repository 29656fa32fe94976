package gateway.recorder.internal;

import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaSession;

/**
 * The media handler the recorder registers for the streams its {@code record} filter selects (the registry
 * matches the filter). It records such a stream unless an operator stopped the stream's recording (that stop
 * sticks across recorder restarts) or the stream is being recorded already (on request). Both checks are map
 * lookups, whatever the size of the index.
 */
final class AutoRecordHandler implements MediaHandler {
    private final RecordingIndex index;
    private final RecordingSessions sessions;

    /**
     * @param index    the recording index
     * @param sessions the recordings in progress
     */
    AutoRecordHandler(RecordingIndex index, RecordingSessions sessions) {
        this.index = index;
        this.sessions = sessions;
    }

    @Override
    public MediaSession attach(LiveStream stream) {
        if (index.history(stream.id()).stoppedByRequest()) return null;
        return sessions.open(stream, RecordingMode.AUTO);
    }
}
