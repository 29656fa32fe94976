package gateway.recorder.internal;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a stream is recorded, as clients see it in {@code mode}. */
enum RecordingMode {
    /** The stream matched the {@code record} filter (by default: its metadata says {@code record=true}). */
    AUTO("auto"),
    /** Someone asked for it with {@code POST /recordings}. */
    REQUEST("request");

    private final String wire;

    RecordingMode(String wire) {
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
}
