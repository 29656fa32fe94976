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
 * @param kind          what kind of participant it is (since 1.2); never null
 */
public record ParticipantInfo(String sid, String identity, String name, String metadata, State state, long joinedAtMs,
                              ParticipantPermission permission, List<TrackInfo> tracks, Set<String> subscribedTo, Kind kind) {

    /** @throws NullPointerException when {@code kind} is null */
    public ParticipantInfo {
        java.util.Objects.requireNonNull(kind, "kind");
    }

    /**
     * A {@link Kind#STANDARD} participant (the constructor of version 1.1).
     *
     * @param sid          the participant's id
     * @param identity     its identity
     * @param name         its display name
     * @param metadata     its metadata
     * @param state        its connection state
     * @param joinedAtMs   when it joined
     * @param permission   what it may do
     * @param tracks       its tracks
     * @param subscribedTo the tracks it listens to
     */
    public ParticipantInfo(String sid, String identity, String name, String metadata, State state, long joinedAtMs,
                           ParticipantPermission permission, List<TrackInfo> tracks, Set<String> subscribedTo) {
        this(sid, identity, name, metadata, state, joinedAtMs, permission, tracks, subscribedTo, Kind.STANDARD);
    }

    /**
     * What kind of participant it is, as LiveKit's {@code ParticipantInfo.Kind} names it.
     *
     * @since 1.2
     */
    public enum Kind {
        /** A participant that joined with its own client (WHIP, WHEP, the data feed). */
        STANDARD,
        /** An ingress bringing an outside source into the room: it only publishes. */
        INGRESS,
        /** An egress: it only consumes. */
        EGRESS,
        /** A telephone call. */
        SIP,
        /** An agent. */
        AGENT
    }

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
