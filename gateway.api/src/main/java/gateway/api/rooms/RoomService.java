package gateway.api.rooms;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The state of every room: rooms, their participants, the tracks they publish and the subscriptions they hold,
 * with LiveKit's room lifecycle (empty timeout, departure timeout, max participants).
 *
 * <p>The service outlives the plugins that serve rooms over HTTP: updating those plugins leaves the rooms and their
 * participants as they are.
 *
 * <p><b>Threading.</b> All methods are thread-safe and return snapshots. Every method that names a room, participant
 * or track throws {@link RoomException} with the matching {@link RoomException.Reason} when it does not exist.
 */
@ProviderType
public interface RoomService {

    /**
     * Creates a room, or returns the existing room of that name unchanged (as LiveKit does).
     *
     * @param settings the room's settings
     * @return the room
     * @throws RoomException {@code TOO_MANY_ROOMS}
     */
    RoomInfo create(RoomSettings settings);

    /**
     * @param names the names to list; empty = every room
     * @return the rooms of those names that exist, oldest first
     */
    List<RoomInfo> rooms(Collection<String> names);

    /**
     * @param name a room's name
     * @return the room, if it exists
     */
    Optional<RoomInfo> room(String name);

    /**
     * Deletes a room: every participant's session ends.
     *
     * @param name the room's name
     */
    void delete(String name);

    /**
     * @param name     the room's name
     * @param metadata the new metadata; not null
     * @return the room after the change
     */
    RoomInfo updateMetadata(String name, String metadata);

    /**
     * Admits a participant, creating the room with default settings if it does not exist. An identity already in the
     * room replaces the earlier participant (whose session ends), as in LiveKit.
     *
     * @param room       the room's name
     * @param identity   the participant's identity; not blank
     * @param name       its display name; null = none
     * @param metadata   its metadata; null = none
     * @param permission what it may do
     * @param listener   receives its data and the end of its session; not null
     * @return the participant
     * @throws RoomException {@code ROOM_FULL}
     */
    ParticipantInfo join(String room, String identity, String name, String metadata, ParticipantPermission permission,
                         RoomListener listener);

    /**
     * Adds a listener to a participant that is in the room: another session of it (its data feed) that receives the
     * same calls as the listener it joined with, until it is closed or the participant's session ends.
     *
     * @param room     the room's name
     * @param identity the participant's identity
     * @param listener the session's listener; not null
     * @return the registration; closing it removes the listener
     */
    Registration listen(String room, String identity, RoomListener listener);

    /**
     * Adds a session to a participant: to the participant in the room if there is one (as {@link #listen} does), else
     * by joining it (as {@link #join} does, creating the room if needed), atomically, so that two sessions of one
     * identity that start together never replace each other.
     *
     * @param room       the room's name
     * @param identity   the participant's identity; not blank
     * @param name       its display name when it joins; null = none
     * @param metadata   its metadata when it joins; null = none
     * @param permission its permission when it joins
     * @param listener   the session's listener; not null
     * @return the registration; closing it removes the session, and the participant leaves when it was its last one
     * @throws RoomException {@code ROOM_FULL}
     */
    Registration attach(String room, String identity, String name, String metadata, ParticipantPermission permission, RoomListener listener);

    /**
     * As {@link #attach(String, String, String, String, ParticipantPermission, RoomListener)}, for a participant of
     * another kind than {@link ParticipantInfo.Kind#STANDARD}, e.g. an ingress's.
     *
     * @param room       the room's name
     * @param identity   the participant's identity; not blank
     * @param name       its display name when it joins; null = none
     * @param metadata   its metadata when it joins; null = none
     * @param permission its permission when it joins
     * @param kind       its kind when it joins; not null
     * @param listener   the session's listener; not null
     * @return the registration
     * @throws RoomException {@code ROOM_FULL}
     * @since 1.2
     */
    Registration attach(String room, String identity, String name, String metadata, ParticipantPermission permission, ParticipantInfo.Kind kind,
                        RoomListener listener);

    /** A listener added by {@link #listen} or {@link #attach}. */
    @ProviderType
    interface Registration extends AutoCloseable {
        /** Removes the listener; idempotent. */
        @Override
        void close();
    }

    /**
     * The participant's session ended on its side; no-op when it is gone already.
     *
     * @param room     the room's name
     * @param sid      the participant's sid (so that a replaced session does not remove its successor)
     */
    void leave(String room, String sid);

    /**
     * @param room the room's name
     * @return its participants, in joining order
     */
    List<ParticipantInfo> participants(String room);

    /**
     * @param room     the room's name
     * @param identity the participant's identity
     * @return the participant
     */
    ParticipantInfo participant(String room, String identity);

    /**
     * Removes a participant: its session ends.
     *
     * @param room     the room's name
     * @param identity the participant's identity
     */
    void remove(String room, String identity);

    /**
     * @param room     the room's name
     * @param identity the participant's identity
     * @param update   what changes
     * @return the participant after the change
     */
    ParticipantInfo update(String room, String identity, ParticipantUpdate update);

    /**
     * Adds a track the participant publishes.
     *
     * @param room     the room's name
     * @param identity the participant's identity
     * @param name     the track's name; null = none
     * @param mimeType its codec, e.g. {@code audio/opus}
     * @param stream   the live stream carrying its packets, or null
     * @return the track
     * @throws RoomException {@code NOT_ALLOWED} when the participant may not publish
     */
    TrackInfo publish(String room, String identity, String name, String mimeType, String stream);

    /**
     * Removes a track; no-op when it is gone already.
     *
     * @param room     the room's name
     * @param identity the participant's identity
     * @param trackSid the track's sid
     */
    void unpublish(String room, String identity, String trackSid);

    /**
     * Mutes or unmutes a published track.
     *
     * @param room     the room's name
     * @param identity the publisher's identity
     * @param trackSid the track's sid
     * @param muted    the new state
     * @return the track after the change
     */
    TrackInfo mute(String room, String identity, String trackSid, boolean muted);

    /**
     * Subscribes a participant to tracks of the room, or unsubscribes it.
     *
     * @param room      the room's name
     * @param identity  the subscriber's identity
     * @param trackSids the tracks; each must be published in the room
     * @param subscribe true to subscribe, false to unsubscribe
     * @return the participant after the change
     */
    ParticipantInfo subscribe(String room, String identity, Collection<String> trackSids, boolean subscribe);

    /**
     * Sends data to participants of a room.
     *
     * @param room         the room's name
     * @param payload      the bytes
     * @param topic        the topic, or null
     * @param identities   the recipients' identities; empty = everyone in the room
     * @return how many participants it was handed to
     */
    int sendData(String room, byte[] payload, String topic, Collection<String> identities);

    /**
     * The data the participant was sent after a message, from the bounded list its room keeps of the last messages
     * sent to each participant: for a data feed that reconnects (e.g. after an update of the plugin serving it) and
     * asks for what it missed. Its listeners get the same messages with their ids through
     * {@link RoomListener#data(long, String, byte[], boolean)}.
     *
     * @param room     the room's name
     * @param identity the participant
     * @param afterId  the id of the last message the feed has; 0 for every kept message
     * @return the kept messages with a larger id, oldest first; empty when the room or the participant is gone
     * @since 1.3
     */
    java.util.List<DataMessage> dataSince(String room, String identity, long afterId);
}
