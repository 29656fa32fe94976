package gateway.api.rooms;

import java.util.List;
import java.util.Objects;

/**
 * What an egress records or streams.
 *
 * @param kind        what its source is
 * @param room        the room's name; not blank
 * @param participant the participant's identity for {@link Kind#PARTICIPANT}, else null
 * @param track       the track's sid for {@link Kind#TRACK} and {@link Kind#TRACK_COMPOSITE}, else null
 * @param streamUrls  for {@link Kind#ROOM_COMPOSITE}: {@code srt://} URLs to stream the room's mix to instead of
 *                    recording it; empty = record. Never null
 */
public record EgressRequest(Kind kind, String room, String participant, String track, List<String> streamUrls) {
    /** The source of an egress, as LiveKit's requests name them. */
    public enum Kind {
        /** The room's audio mixed: every published track of the room. */
        ROOM_COMPOSITE,
        /** A participant's audio track. */
        PARTICIPANT,
        /** A track composite of one audio track (rooms carry no video). */
        TRACK_COMPOSITE,
        /** One track, its Opus packets unchanged. */
        TRACK
    }

    /** Validates and copies. */
    public EgressRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(room, "room");
        streamUrls = List.copyOf(streamUrls == null ? List.of() : streamUrls);
    }

    /** @return whether the egress streams to URLs rather than being recorded */
    public boolean streams() {
        return !streamUrls.isEmpty();
    }
}
