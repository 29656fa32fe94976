package gateway.rooms.rest.internal;

import gateway.api.rooms.RoomException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * An error in the tutorial's own shape, {@code {"errorMessage": "..."}}; the gateway's exception mapper passes it
 * through unchanged.
 */
final class TutorialError extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    TutorialError(int status, String message) {
        super(message, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(LiveKitJson.JSON.createObjectNode().put("errorMessage", message).toString()).build());
    }

    static TutorialError badRequest(String message) {
        return new TutorialError(400, message);
    }

    /** Unknown rooms, participants and tracks are 404 (the tutorial answers 500 for every backend error). */
    static TutorialError of(RoomException e) {
        int status = switch (e.reason()) {
            case ROOM_NOT_FOUND, PARTICIPANT_NOT_FOUND, TRACK_NOT_FOUND -> 404;
            case ROOM_FULL -> 409;
            case NOT_ALLOWED -> 403;
            case TOO_MANY_ROOMS -> 503;
        };
        return new TutorialError(status, e.getMessage());
    }
}
