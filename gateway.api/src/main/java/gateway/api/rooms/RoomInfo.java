package gateway.api.rooms;

/**
 * A room as it is at one moment (LiveKit's {@code Room} message).
 *
 * @param sid                     the room's id, {@code RM_} and 12 letters or digits; new for every creation of a name
 * @param name                    the room's name
 * @param emptyTimeoutSeconds     seconds the room stays open before anyone joined (the default applied)
 * @param departureTimeoutSeconds seconds the room stays open after the last participant left (the default applied)
 * @param maxParticipants         participants at most; 0 = no limit
 * @param creationTimeMs          when the room was created, milliseconds since the epoch
 * @param metadata                the room's metadata; never null
 * @param numParticipants         participants in the room now
 * @param numPublishers           participants publishing at least one track now
 */
public record RoomInfo(String sid, String name, int emptyTimeoutSeconds, int departureTimeoutSeconds, int maxParticipants,
                       long creationTimeMs, String metadata, int numParticipants, int numPublishers) {
}
