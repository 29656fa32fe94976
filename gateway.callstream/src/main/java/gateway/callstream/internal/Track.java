package gateway.callstream.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which audio of the call a stream forks ({@code audio_track}). */
enum Track {
    /** The call's own audio: what its source sends into the gateway. */
    INBOUND,
    /** What the gateway plays into the call: the reply streams linked to it. */
    OUTBOUND,
    /** Both, each message naming its track. */
    BOTH;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** @return the lower-case name used on the wire */
    String wire() {
        return wire;
    }

    boolean includesInbound() {
        return this != OUTBOUND;
    }

    boolean includesOutbound() {
        return this != INBOUND;
    }

    /** @return the {@code tracks} of the start message */
    List<String> tracks() {
        return this == BOTH ? List.of("inbound", "outbound") : List.of(wire());
    }

    static Optional<Track> of(String value) {
        if (value == null) return Optional.empty();
        for (Track t : values()) if (t.wire().equals(value.trim().toLowerCase(Locale.ROOT))) return Optional.of(t);
        return Optional.empty();
    }
}
