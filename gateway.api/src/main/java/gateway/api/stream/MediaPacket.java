package gateway.api.stream;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One unit of media: a single encoded frame of the stream's {@link StreamFormat} (one Opus packet).
 *
 * <p><b>Ownership.</b> The registry copies the publisher's bytes once; the {@code payload} handed to
 * handlers is a read-only buffer over that private copy, so a handler may keep the packet as long as
 * it likes. Handlers share one packet object: use {@code payload().duplicate()} (or the absolute
 * get methods) rather than moving the shared buffer's position.
 *
 * @param sequence     per-stream counter assigned by the registry, starting at 0, without gaps in the stream
 *                     (a gap in the source is reported by {@code timestampMicros}, not by this); a session sees
 *                     a gap only where packets were dropped for it (its queue was full)
 * @param timestampMicros presentation time in microseconds from the start of the stream
 * @param durationMicros  duration of the frame in microseconds, or 0 if unknown
 * @param payload      the encoded frame; never {@code null}
 */
public record MediaPacket(long sequence, long timestampMicros, long durationMicros, ByteBuffer payload) {

    /** Validates the components. */
    public MediaPacket {
        Objects.requireNonNull(payload, "payload");
        if (durationMicros < 0) throw new IllegalArgumentException("durationMicros must not be negative");
    }

    /** @return the payload size in bytes */
    public int size() {
        return payload.remaining();
    }
}
