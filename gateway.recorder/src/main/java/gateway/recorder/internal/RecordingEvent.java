package gateway.recorder.internal;

/** The types of the events the recorder publishes on {@code /sse}. */
enum RecordingEvent {
    /** A file was opened; data: its entry. */
    STARTED("recording-started"),
    /** A file was finished (complete or interrupted); data: its entry. */
    ENDED("recording-ended"),
    /** A recording failed; data: its entry with the reason. */
    FAILED("recording-failed"),
    /** An entry an unexpected stop left unfinished was repaired at start; data: its entry. */
    RECOVERED("recording-recovered"),
    /** A recording and its file were deleted; data: id, stream, event and reason. */
    DELETED("recording-deleted");

    private final String type;

    RecordingEvent(String type) {
        this.type = type;
    }

    /** @return the event type on the wire */
    String type() {
        return type;
    }

    @Override
    public String toString() {
        return type;
    }
}
