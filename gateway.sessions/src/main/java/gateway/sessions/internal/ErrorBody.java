package gateway.sessions.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The session-storage API's error shape, for the OpenAPI document ({@link SessionApiError} writes it).
 *
 * @param ok     always false
 * @param errors the errors, one here
 */
@Schema(name = "SessionStorageError", description = "The original's error shape", requiredProperties = {"ok", "errors"})
public record ErrorBody(boolean ok, List<Item> errors) {

    /**
     * One error.
     *
     * @param type       a URI naming the kind of error, about:blank here
     * @param status     the HTTP status
     * @param title      the status's phrase
     * @param detail     what exactly is wrong
     * @param instance   the request's path
     * @param error_code a stable code: INVALID_CREDENTIALS, NOT_FOUND, BAD_REQUEST, VALIDATION_ERROR, TOO_MANY_SESSIONS
     */
    @Schema(name = "SessionStorageErrorItem", requiredProperties = {"type", "status", "title", "detail", "instance", "error_code"})
    public record Item(String type, int status, String title, String detail, String instance, String error_code) {
    }
}
