package gateway.api.rooms;

import java.time.Duration;

/**
 * How an ingress's SRT or URL input is run.
 *
 * @param connectTimeout how long a pull waits for the HTTP server's answer or the SRT listener's handshake; positive
 * @param idleTimeout    how long a source may send nothing before the feed ends as failed; positive (before its first
 *                       bytes a source also has the connect timeout)
 * @since 1.5
 */
public record IngressFeedSettings(Duration connectTimeout, Duration idleTimeout) {
    /** @throws IllegalArgumentException a timeout is missing or not positive */
    public IngressFeedSettings {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
                || idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("an ingress feed needs positive timeouts");
        }
    }
}
