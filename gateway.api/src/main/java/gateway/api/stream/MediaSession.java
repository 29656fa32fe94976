package gateway.api.stream;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One handler's view of one stream, created by {@link MediaHandler#attach}. See {@link MediaHandler}
 * for the life cycle, threading and buffer rules; in short: callbacks arrive one at a time, in order,
 * on a thread that is not the publisher's, and must not block for long.
 */
@ConsumerType
public interface MediaSession {

    /**
     * A packet of the stream.
     *
     * @param packet the packet; immutable, may be kept
     * @throws Exception to mark the attachment failed
     */
    void onPacket(MediaPacket packet) throws Exception;

    /**
     * The stream's metadata changed. Optional; the default does nothing.
     *
     * @param metadata the complete new metadata
     */
    default void onMetadata(Map<String, String> metadata) {
    }

    /**
     * The stream ended; release everything. Optional; the default does nothing.
     *
     * @param state  {@link StreamState#ENDED} or {@link StreamState#FAILED}
     * @param reason why it ended
     */
    default void onEnd(StreamState state, String reason) {
    }

    /**
     * The session was detached while the stream continues (handler unregistered, bundle updated or
     * explicit detach); release everything. Optional; the default does nothing.
     */
    default void onDetached() {
    }
}
