package gateway.api.rooms;

/**
 * What happened in a room, published on the gateway's event bus (and so on {@code /sse}) with {@link #type()} as the
 * event type; the names are LiveKit's webhook events.
 *
 * @param type        one of the constants below
 * @param room        the room after the change; never null
 * @param participant the participant concerned, or null
 * @param track       the track concerned, or null
 */
public record RoomEvent(String type, RoomInfo room, ParticipantInfo participant, TrackInfo track) {
    /** A room was created. */
    public static final String ROOM_STARTED = "room_started";
    /** A room was closed: deleted, or empty past its timeout. */
    public static final String ROOM_FINISHED = "room_finished";
    /** A participant joined. */
    public static final String PARTICIPANT_JOINED = "participant_joined";
    /** A participant left, was removed, or its room closed. */
    public static final String PARTICIPANT_LEFT = "participant_left";
    /** A participant published a track. */
    public static final String TRACK_PUBLISHED = "track_published";
    /** A track was unpublished (its publisher stopped, left, or lost {@code canPublish}). */
    public static final String TRACK_UNPUBLISHED = "track_unpublished";
}
