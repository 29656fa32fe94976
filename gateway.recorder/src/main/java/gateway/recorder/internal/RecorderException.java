package gateway.recorder.internal;

/**
 * Why an operation on recordings cannot be done. The message is written for the client; the REST resource
 * gives each kind its status code.
 */
abstract sealed class RecorderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecorderException(String message) {
        super(message);
    }

    /** No recording with that id. */
    static final class RecordingNotFound extends RecorderException {
        private static final long serialVersionUID = 1L;

        RecordingNotFound(String id) {
            super("no recording '" + id + "'");
        }
    }

    /** The recording has no audio to read, or its file is gone from the storage. */
    static final class AudioNotFound extends RecorderException {
        private static final long serialVersionUID = 1L;

        AudioNotFound(String message) {
            super(message);
        }
    }

    /** The storage cannot be read now. */
    static final class StorageUnavailable extends RecorderException {
        private static final long serialVersionUID = 1L;

        StorageUnavailable(String message) {
            super(message);
        }
    }

    /** A stop names a recording that is not being written. */
    static final class NotInProgress extends RecorderException {
        private static final long serialVersionUID = 1L;

        NotInProgress(Recording r) {
            super("recording '" + r.id() + "' is not in progress (state " + r.state() + ")");
        }
    }

    /** A delete names a recording that is still being written. */
    static final class StillRecording extends RecorderException {
        private static final long serialVersionUID = 1L;

        StillRecording(String id) {
            super("recording '" + id + "' is in progress; stop it first (POST /recordings/" + id + "/stop)");
        }
    }

    /** No live stream with that id. */
    static final class StreamNotFound extends RecorderException {
        private static final long serialVersionUID = 1L;

        StreamNotFound(String streamId) {
            super("no live stream '" + streamId + "'");
        }
    }

    /** The stream has ended, or the registry refused the attachment. */
    static final class StreamNotRecordable extends RecorderException {
        private static final long serialVersionUID = 1L;

        StreamNotRecordable(String message) {
            super(message);
        }
    }

    /** The stream is being recorded already. */
    static final class AlreadyRecorded extends RecorderException {
        private static final long serialVersionUID = 1L;

        AlreadyRecorded(String streamId, String recordingId) {
            super("stream '" + streamId + "' is already being recorded as " + recordingId);
        }
    }
}
