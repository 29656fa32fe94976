package gateway.rooms.rest.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A Twirp error body, as the API document describes it.
 *
 * @param code Twirp's error code
 * @param msg  what is wrong
 */
@Schema(description = "A Twirp error, as LiveKit's SDKs parse it")
record TwirpErrorBody(@Schema(description = "Twirp's code: `unauthenticated`, `permission_denied`, `not_found`, `malformed`, "
                              + "`invalid_argument`, `bad_route`, `resource_exhausted`", requiredMode = Schema.RequiredMode.REQUIRED) String code,
                      @Schema(description = "What is wrong", requiredMode = Schema.RequiredMode.REQUIRED) String msg) {
}
