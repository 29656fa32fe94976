package gateway.sessions.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /session-storage/sessions}: {@code {"data": {"publisher_count", "subscriber_count",
 * "publisher_can_subscribe"?, "intent"?}}}, checked against the original's limits.
 */
record CreateRequest(int publishers, int subscribers, boolean publisherCanSubscribe, String intent) {
    static final int MAX_INTENT = 200;

    /** @throws SessionApiError 400 when the body is not JSON or has no {@code data} object */
    static JsonNode data(String body, String instance) {
        if (body == null || body.isBlank()) throw SessionApiError.badRequest("the body must be {\"data\": {\"publisher_count\": 1, \"subscriber_count\": n}}", instance);
        JsonNode root;
        try {
            root = SessionApiError.JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SessionApiError.badRequest("the body is not JSON: " + e.getOriginalMessage(), instance);
        }
        if (root == null || !root.path("data").isObject()) {
            throw SessionApiError.badRequest("the body must be {\"data\": {\"publisher_count\": 1, \"subscriber_count\": n}}", instance);
        }
        return root.path("data");
    }

    /** @throws SessionApiError 422 for missing fields, wrong types and counts out of range */
    static CreateRequest of(JsonNode data, String instance) {
        int publishers = count(data, "publisher_count", 1, SessionStore.MAX_PUBLISHERS, instance);
        int subscribers = count(data, "subscriber_count", 0, SessionStore.MAX_SUBSCRIBERS, instance);
        JsonNode canSubscribe = data.get("publisher_can_subscribe");
        if (canSubscribe != null && !canSubscribe.isNull() && !canSubscribe.isBoolean()) {
            throw SessionApiError.invalid("publisher_can_subscribe must be true or false", instance);
        }
        JsonNode intent = data.get("intent");
        if (intent != null && !intent.isNull() && (!intent.isTextual() || intent.asText().length() > MAX_INTENT)) {
            throw SessionApiError.invalid("intent must be a string of at most " + MAX_INTENT + " characters", instance);
        }
        return new CreateRequest(publishers, subscribers, canSubscribe != null && canSubscribe.asBoolean(),
                intent == null || intent.isNull() ? null : intent.asText());
    }

    private static int count(JsonNode data, String field, int min, int max, String instance) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) throw SessionApiError.invalid(field + " is required", instance);
        if (!n.isIntegralNumber()) throw SessionApiError.invalid(field + " must be a whole number", instance);
        int v = n.asInt();
        if (v < min || v > max || !n.canConvertToInt()) {
            throw SessionApiError.invalid(field + " must be " + (min == max ? String.valueOf(min) : min + " to " + max) + ", not " + n.asText(), instance);
        }
        return v;
    }
}
