package gateway.recorder.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a recording file ended. The recorder decides on this, never on the free-text {@code reason}, which is
 * written for people: whether a recorder restart resumes a stream ({@link #RECORDER_STOPPED}) or leaves it
 * alone ({@link #STOPPED_BY_REQUEST}). Kept in the index file beside the entry; not part of the API.
 */
enum Ending {
    /** The stream ended or failed. */
    STREAM_ENDED("stream-ended", null),
    /** The segment duration was reached; the next file continues the series. */
    SEGMENT_DURATION("segment-duration", "segment duration reached"),
    /** The stream's codec headers changed (a chained stream); the next file continues the series. */
    CODEC_HEADERS_CHANGED("codec-headers-changed", "the stream's codec headers changed (chained stream)"),
    /** An operator stopped it: a recorder restart does not record that stream again. */
    STOPPED_BY_REQUEST("stopped-by-request", "stopped by request"),
    /** The recorder bundle stopped (update, restart) under a live stream: recording resumes when it is back. */
    RECORDER_STOPPED("recorder-stopped", "recorder stopped"),
    /** The gateway shut down. */
    GATEWAY_STOPPING("gateway-stopping", "gateway shutting down"),
    /** The gateway stopped without finishing the file (killed, crashed); repaired at the next start. */
    UNEXPECTED_STOP("unexpected-stop", null),
    /** Storage or stream error. */
    FAILED("failed", null);

    private final String wire;
    private final String reason;

    Ending(String wire, String reason) {
        this.wire = wire;
        this.reason = reason;
    }

    /** @return the name in the index file */
    @JsonValue
    String wire() {
        return wire;
    }

    /** @return the fixed reason shown to clients, or null where the reason carries details */
    String reason() {
        return reason;
    }

    /**
     * @param wire a name from the index file
     * @return the ending, if the name is one
     */
    static Optional<Ending> ofWire(String wire) {
        return Arrays.stream(values()).filter(e -> e.wire.equals(wire)).findFirst();
    }

    /**
     * The ending of an entry written before the index kept it. Those versions wrote exactly these two
     * reasons for the two endings the recorder decides on; every other ending is told by the state.
     *
     * @param state  the entry's state
     * @param reason the entry's reason
     * @return the ending; null while recording
     */
    static Ending ofEarlierEntry(RecordingState state, String reason) {
        return switch (state) {
            case RECORDING -> null;
            case COMPLETE -> STOPPED_BY_REQUEST.reason.equals(reason) ? STOPPED_BY_REQUEST : STREAM_ENDED;
            case INTERRUPTED -> reason != null && reason.startsWith(RECORDER_STOPPED.reason) ? RECORDER_STOPPED : UNEXPECTED_STOP;
            case FAILED -> FAILED;
        };
    }
}
