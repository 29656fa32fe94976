package gateway.api.rooms;

/**
 * What a room is created with, as LiveKit's {@code CreateRoomRequest} has it.
 *
 * @param name               the room's name, unique among the rooms; not blank
 * @param emptyTimeoutSeconds seconds a room that nobody has joined yet stays open; 0 = the service's default
 * @param departureTimeoutSeconds seconds a room stays open after its last participant left; 0 = the service's default
 * @param maxParticipants    participants at most at once; 0 = no limit
 * @param metadata           the application's metadata of the room; never null (empty = none)
 */
public record RoomSettings(String name, int emptyTimeoutSeconds, int departureTimeoutSeconds, int maxParticipants, String metadata) {

    /** Checks the values. */
    public RoomSettings {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a room needs a name");
        if (emptyTimeoutSeconds < 0 || departureTimeoutSeconds < 0 || maxParticipants < 0) {
            throw new IllegalArgumentException("timeouts and maxParticipants cannot be negative");
        }
        if (metadata == null) metadata = "";
    }

    /**
     * @param name the room's name
     * @return settings with the service's defaults
     */
    public static RoomSettings named(String name) {
        return new RoomSettings(name, 0, 0, 0, "");
    }
}
