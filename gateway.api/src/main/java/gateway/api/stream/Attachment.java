package gateway.api.stream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handler attached to one stream on request, with {@link StreamRegistry#attach}; the requester holds it.
 * (Whiteboard attachments are the registry's own: they end when the stream ends or the handler service goes.)
 */
@ProviderType
public interface Attachment extends AutoCloseable {

    /** @return a snapshot of the attachment's state and counters; thread-safe, never blocks */
    AttachmentInfo info();

    /**
     * Detaches the handler while the stream goes on. After this call returns, the session gets at most the one packet its
     * thread may already be handing over; packets still queued are dropped (and counted in
     * {@link AttachmentInfo#dropped()});
     * then the session gets {@link MediaSession#onDetached()} on its own thread. This method does not wait for
     * that; it never blocks. Idempotent; does nothing once the stream has ended (the session then gets
     * {@link MediaSession#onEnd} instead).
     *
     * <p>If the bundle that made the attachment stops, the registry closes it and waits, up to
     * {@value StreamRegistry#DETACH_TIMEOUT_SECONDS} s, for the session's final callback to return.
     */
    @Override
    void close();
}
