package gateway.api.stream;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One handler's view of one stream, created by {@link MediaHandler#attach}. See {@link MediaHandler} for the
 * whole contract; in short: every callback is made by the attachment's own thread, one at a time, in order,
 * never on the publisher's thread (except {@link #onPacket} for a handler that asked for
 * {@linkplain MediaHandler#DIRECT_DELIVERY direct delivery}); the last callback is exactly one of {@link #onEnd} and
 * {@link #onDetached}; a callback that throws marks the attachment failed (no more packets, but the final
 * callback still comes).
 */
@ConsumerType
public interface MediaSession {

    /**
     * A packet of the stream. Sequences arrive in increasing order; a gap in {@link MediaPacket#sequence()}
     * means packets were dropped for this session because its queue was full.
     *
     * @param packet the packet; immutable and shared with other sessions, may be kept (read its payload
     *               without moving the shared buffer's position)
     * @throws Exception to mark the attachment failed; the session receives no more packets
     */
    void onPacket(MediaPacket packet) throws Exception;

    /**
     * The stream's metadata changed. Optional; the default does nothing. Not called after a failure.
     *
     * @param metadata the complete new metadata, immutable
     */
    default void onMetadata(Map<String, String> metadata) {
    }

    /**
     * The stream ended, after every packet queued for this session was delivered; release everything.
     * Optional; the default does nothing. Called even after a failure, never twice, and never together with
     * {@link #onDetached}.
     *
     * @param state  {@link StreamState#ENDED} or {@link StreamState#FAILED}
     * @param reason why it ended (free text for people)
     */
    default void onEnd(StreamState state, String reason) {
    }

    /**
     * The session was detached while the stream continues: the handler service was unregistered (its bundle
     * stops or is updated), the bundle that requested the attachment stops, or the {@link Attachment} was
     * closed. Packets still queued were dropped. Release everything. Optional; the default does nothing.
     * Called even after a failure, never twice, and never together with {@link #onEnd}.
     *
     * <p>When the handler goes away, its unregistration waits for this callback (up to
     * {@value StreamRegistry#DETACH_TIMEOUT_SECONDS} s), so the work done here — finishing a file, closing a
     * connection — completes before the handler's bundle has stopped.
     */
    default void onDetached() {
    }
}
