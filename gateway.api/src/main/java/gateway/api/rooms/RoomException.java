package gateway.api.rooms;

/** A room operation that cannot be done; {@link #reason()} says why, the message names the room, participant or track. */
public class RoomException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** No room with that name. */
        ROOM_NOT_FOUND,
        /** No participant with that identity in the room. */
        PARTICIPANT_NOT_FOUND,
        /** No track with that sid published by the participant. */
        TRACK_NOT_FOUND,
        /** The room has {@code maxParticipants} participants already. */
        ROOM_FULL,
        /** The participant's permission does not allow it. */
        NOT_ALLOWED,
        /** The service holds as many rooms as it is configured to. */
        TOO_MANY_ROOMS
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message what exactly, naming the room, participant or track
     */
    public RoomException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return why the operation failed */
    public Reason reason() {
        return reason;
    }
}
