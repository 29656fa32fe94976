package gateway.api.rooms;

import java.time.Duration;

/**
 * The SRT listener that encoders of SRT ingresses call ({@link IngressFeeds#listenSrt}).
 *
 * @param host       the bind address, e.g. {@code 0.0.0.0}
 * @param port       the UDP port; 0 = any free port
 * @param latency    the receiver latency (the larger of this and the caller's wins)
 * @param maxCallers how many callers it takes at once
 * @param feed       how each admitted caller's feed is run (its idle timeout)
 * @since 1.5
 */
public record IngressSrtSettings(String host, int port, Duration latency, int maxCallers, IngressFeedSettings feed) {
}
