package gateway.rooms.rest.internal;

import gateway.api.rooms.RoomException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** A Twirp error, {@code {"code", "msg"}} with the HTTP status Twirp assigns its code; what LiveKit's SDKs parse. */
final class TwirpError extends WebApplicationException {
    private static final long serialVersionUID = 1L;

    TwirpError(int status, String code, String msg) {
        super(msg, Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(LiveKitJson.JSON.createObjectNode().put("code", code).put("msg", msg).toString()).build());
    }

    static TwirpError unauthenticated(String msg) {
        return new TwirpError(401, "unauthenticated", msg);
    }

    static TwirpError permissionDenied(String msg) {
        return new TwirpError(403, "permission_denied", msg);
    }

    static TwirpError malformed(String msg) {
        return new TwirpError(400, "malformed", msg);
    }

    static TwirpError invalidArgument(String msg) {
        return new TwirpError(400, "invalid_argument", msg);
    }

    static TwirpError badRoute(String msg) {
        return new TwirpError(404, "bad_route", msg);
    }

    static TwirpError of(RoomException e) {
        return switch (e.reason()) {
            case ROOM_NOT_FOUND, PARTICIPANT_NOT_FOUND, TRACK_NOT_FOUND -> new TwirpError(404, "not_found", e.getMessage());
            case ROOM_FULL, TOO_MANY_ROOMS -> new TwirpError(429, "resource_exhausted", e.getMessage());
            case NOT_ALLOWED -> permissionDenied(e.getMessage());
        };
    }
}
