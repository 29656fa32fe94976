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
 * <p><b>Arrival.</b> {@code arrivalMillis} is when the registry took the packet from its publisher: the
 * moment it entered the gateway's media path, before any session's queue. A session that measures the delay it
 * adds (packet in → its output out) measures from here, so its own queueing counts and a late source does not.
 *
 * @param sequence     per-stream counter assigned by the registry, starting at 0, without gaps in the stream
 *                     (a gap in the source is reported by {@code timestampMicros}, not by this); a session sees
 *                     a gap only where packets were dropped for it (its queue was full)
 * @param timestampMicros presentation time in microseconds from the start of the stream
 * @param durationMicros  duration of the frame in microseconds, or 0 if unknown
 * @param payload      the encoded frame; never {@code null}
 * @param arrivalMillis when the registry took the packet from its publisher, in milliseconds since the epoch
 *                     ({@link System#currentTimeMillis()}); since 1.3
 */
public record MediaPacket(long sequence, long timestampMicros, long durationMicros, ByteBuffer payload,
                          long arrivalMillis) {

    /** Validates the components. */
    public MediaPacket {
        Objects.requireNonNull(payload, "payload");
        if (durationMicros < 0) throw new IllegalArgumentException("durationMicros must not be negative");
    }

    /**
     * A packet that arrives now: {@code arrivalMillis} is the current time. The constructor of 1.2 and before,
     * kept for the code that builds packets itself (tests, benchmarks, a session feeding another).
     */
    public MediaPacket(long sequence, long timestampMicros, long durationMicros, ByteBuffer payload) {
        this(sequence, timestampMicros, durationMicros, payload, System.currentTimeMillis());
    }

    /** @return the payload size in bytes */
    public int size() {
        return payload.remaining();
    }
}
