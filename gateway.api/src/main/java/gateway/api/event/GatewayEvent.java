package gateway.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * An event, as it appears on {@code /sse}: one JSON object
 * {@code {"type": ..., "createdAt": ..., "data": ...}} per frame.
 *
 * @param type      kebab-case event type, e.g. {@code "availability-changed"}, {@code "stream-opened"}
 * @param createdAt when it happened
 * @param data      the payload: a value Jackson can serialise without configuration — a {@code Map},
 *                  {@code List}, {@code String}, number, boolean, or a public record of those; may be {@code null}
 */
public record GatewayEvent(String type, Instant createdAt, Object data) {

    /** Validates the components. */
    public GatewayEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        if (type.isBlank()) throw new IllegalArgumentException("type must not be blank");
    }

    /**
     * An event that happens now.
     *
     * @param type the event type
     * @param data the payload
     * @return the event
     */
    public static GatewayEvent now(String type, Object data) {
        return new GatewayEvent(type, Instant.now(), data);
    }
}
