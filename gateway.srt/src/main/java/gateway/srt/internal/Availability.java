package gateway.srt.internal;

/**
 * What {@code GET /check} answers and the {@code availability-changed} event carries: the reference
 * service's shape.
 *
 * @param event     the event streaming (or reserved) now, the oldest first; null when the gate is free
 * @param checkedAt when this was checked (ISO-8601, UTC)
 */
public record Availability(String event, String checkedAt) {
}
