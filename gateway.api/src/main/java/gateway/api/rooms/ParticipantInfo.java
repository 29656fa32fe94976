package gateway.api.rooms;

import java.util.List;
import java.util.Set;

/**
 * A participant of a room as it is at one moment (LiveKit's {@code ParticipantInfo}).
 *
 * @param sid           the participant's id, {@code PA_} and 12 letters or digits; new for every join
 * @param identity      the identity its token names, unique in the room
 * @param name          its display name; never null
 * @param metadata      its metadata; never null
 * @param state         where its connection is
 * @param joinedAtMs    when it joined, milliseconds since the epoch
 * @param permission    what it may do
 * @param tracks        the tracks it publishes; never null
 * @param subscribedTo  the sids of the tracks it listens to; never null
 */
public record ParticipantInfo(String sid, String identity, String name, String metadata, State state, long joinedAtMs,
                              ParticipantPermission permission, List<TrackInfo> tracks, Set<String> subscribedTo) {

    /** A participant's connection state, as LiveKit names it. */
    public enum State {
        /** Admitted; its media connection is being set up. */
        JOINING,
        /** Its media connection is up. */
        JOINED,
        /** Connected and sending or receiving media. */
        ACTIVE,
        /** Gone; only seen in the last event about it. */
        DISCONNECTED
    }
}
