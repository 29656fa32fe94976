package gateway.api.rooms;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what happens to one participant of a room: data sent to it and the end of its session. Registered by
 * the plugin that serves the participant's connection (a WebRTC session, a data feed) with
 * {@link RoomService#join} (the session it joins with) or {@link RoomService#listen} (another session of it).
 *
 * <p><b>Threading.</b> Called on the thread of the operation that caused it (a REST call); implementations must not
 * block. An exception thrown by a listener is logged and does not stop the operation.
 */
@ConsumerType
public interface RoomListener {

    /**
     * Data sent to the participant.
     *
     * @param topic   the topic, or null
     * @param payload the bytes; the listener may keep them
     * @param fromServer true when the server API sent it, false when another participant did
     */
    void data(String topic, byte[] payload, boolean fromServer);

    /**
     * Data sent to the participant, with the id the room keeps it under ({@link RoomService#dataSince}). The rooms
     * service calls this one; by default it calls {@link #data(String, byte[], boolean)}.
     *
     * @param id         the message's id
     * @param topic      the topic, or null
     * @param payload    the bytes; the listener may keep them
     * @param fromServer true when the server API sent it
     * @since 1.3
     */
    default void data(long id, String topic, byte[] payload, boolean fromServer) {
        data(topic, payload, fromServer);
    }

    /**
     * The participant's session ended: it was removed, its room was deleted or closed, or it left.
     *
     * @param reason why, for people
     */
    void ended(String reason);

    /**
     * The participant's permission changed; a listener serving a publisher stops publishing when {@code canPublish}
     * is gone. Optional.
     *
     * @param permission the new permission
     */
    default void permissionChanged(ParticipantPermission permission) {
    }

    /**
     * One of the participant's tracks was muted or unmuted by an administrator; a listener serving the publisher stops
     * or resumes forwarding it. Optional.
     *
     * @param trackSid the track
     * @param muted    the new state
     */
    default void trackMuted(String trackSid, boolean muted) {
    }

    /**
     * The participant's subscriptions changed (an administrator subscribed or unsubscribed it, a track left the room,
     * {@code canSubscribe} was revoked); a listener playing a track stops when it is no longer among them. Optional.
     *
     * @param subscribedTo the sids of the tracks it is subscribed to now
     */
    default void subscriptionsChanged(java.util.Set<String> subscribedTo) {
    }

    /**
     * A track of the room was published, unpublished (also by its participant's leaving), muted or unmuted; a
     * listener that plays the room's tracks looks at them again. Optional.
     *
     * @since 1.3
     */
    default void roomTracksChanged() {
    }
}
