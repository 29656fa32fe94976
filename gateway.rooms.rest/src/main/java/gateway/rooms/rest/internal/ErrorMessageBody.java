package gateway.rooms.rest.internal;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The tutorial's error body, as the API document describes it.
 *
 * @param errorMessage what is wrong
 */
@Schema(description = "An error in the tutorial application server's shape")
record ErrorMessageBody(@Schema(description = "What is wrong, e.g. `'roomName' is required`", requiredMode = Schema.RequiredMode.REQUIRED) String errorMessage) {
}
