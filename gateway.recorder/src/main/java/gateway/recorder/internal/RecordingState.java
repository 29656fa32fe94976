package gateway.recorder.internal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The state of a recording file, as clients see it in {@code state}. */
enum RecordingState {
    /** Being written. */
    RECORDING("recording"),
    /** Finished: the stream ended, a segment was full, or an operator stopped it. */
    COMPLETE("complete"),
    /** Cut short by a recorder stop, a gateway shutdown or an unexpected stop; what was written is playable. */
    INTERRUPTED("interrupted"),
    /** Ended by an error (storage, invalid stream headers); what was written is kept playable where possible. */
    FAILED("failed");

    private final String wire;

    RecordingState(String wire) {
        this.wire = wire;
    }

    /** @return the name clients see */
    @JsonValue
    String wire() {
        return wire;
    }

    /** @return the wire name (the OpenAPI schema lists enums by {@code toString}) */
    @Override
    public String toString() {
        return wire;
    }

    /**
     * @param wire a wire name
     * @return the state, if the name is one
     */
    static Optional<RecordingState> ofWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
    }
}
