package gateway.api.stream;

/**
 * Counters of a stream since it opened.
 *
 * @param packets packets delivered by the publisher
 * @param bytes   payload bytes delivered by the publisher
 */
public record StreamCounters(long packets, long bytes) {
}
