package gateway.sessions.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * An error in the session-storage API's own shape,
 * {@code {"ok": false, "errors": [{"type", "status", "title", "detail", "instance", "error_code"}]}}; the gateway's
 * exception mapper passes it through unchanged.
 */
final class SessionApiError extends WebApplicationException {
    private static final long serialVersionUID = 1L;
    static final ObjectMapper JSON = new ObjectMapper();

    private final String errorCode;

    SessionApiError(int status, String title, String errorCode, String detail, String instance) {
        super(detail, Response.status(status).type(MediaType.APPLICATION_JSON).entity(body(status, title, errorCode, detail, instance)).build());
        this.errorCode = errorCode;
    }

    /** @return the error's code, e.g. {@code NOT_FOUND} */
    String errorCode() {
        return errorCode;
    }

    static String body(int status, String title, String errorCode, String detail, String instance) {
        ObjectNode root = JSON.createObjectNode().put("ok", false);
        root.putArray("errors").addObject()
                .put("type", "about:blank")
                .put("status", status)
                .put("title", title)
                .put("detail", detail)
                .put("instance", instance)
                .put("error_code", errorCode);
        return root.toString();
    }

    static SessionApiError unauthorized(String instance) {
        return new SessionApiError(401, "Unauthorized", "INVALID_CREDENTIALS",
                "the ClientID and ClientSecret headers do not name a client of this gateway", instance);
    }

    static SessionApiError notFound(String id, String instance) {
        return new SessionApiError(404, "Not Found", "NOT_FOUND", "no session " + id, instance);
    }

    static SessionApiError badRequest(String detail, String instance) {
        return new SessionApiError(400, "Bad Request", "BAD_REQUEST", detail, instance);
    }

    static SessionApiError invalid(String detail, String instance) {
        return new SessionApiError(422, "Unprocessable Entity", "VALIDATION_ERROR", detail, instance);
    }

    static SessionApiError tooMany(String detail, String instance) {
        return new SessionApiError(429, "Too Many Requests", "TOO_MANY_SESSIONS", detail, instance);
    }

    static SessionApiError unavailable(String detail, String instance) {
        return new SessionApiError(503, "Service Unavailable", "ROOMS_UNAVAILABLE", detail, instance);
    }
}
