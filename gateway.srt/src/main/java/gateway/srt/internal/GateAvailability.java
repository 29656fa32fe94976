package gateway.srt.internal;

/**
 * The gate's availability: what {@code GET /check} answers and the {@code availability-changed} event
 * carries, in the reference service's shape.
 *
 * @param event     the event streaming (or reserved) now, the oldest first; null when the gate is free
 * @param checkedAt when this was checked (ISO-8601, UTC)
 */
public record GateAvailability(String event, String checkedAt) {
}
