package gateway.api.stream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service that receives the packets of live streams. Register an implementation as an
 * OSGi service; the core runtime attaches it to every live stream its {@link #TARGET} filter matches,
 * including streams that open later, and detaches it when the service is unregistered.
 *
 * <h2>Life cycle</h2>
 * <ol>
 * <li>{@link #attach} is called once per matching stream. Return a {@link MediaSession} to receive that
 *     stream, or {@code null} to decline it. Throwing declines it too; the failure is logged and shown
 *     on the stream's attachment list.</li>
 * <li>The session then gets {@link MediaSession#onPacket} for every packet in order, and
 *     {@link MediaSession#onMetadata} when the stream's metadata changes.</li>
 * <li>It ends with exactly one of {@link MediaSession#onEnd} (the stream ended) or
 *     {@link MediaSession#onDetached} (the handler was unregistered or detached while the stream goes
 *     on, e.g. during an update of the handler's bundle). Nothing is delivered after that.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * {@code attach} is called on a gateway thread and must return quickly (no blocking I/O; open files
 * asynchronously or lazily). Each session's callbacks are called by one dedicated thread at a time,
 * in order, never concurrently — so a session needs no locking for its own state. Sessions run off the
 * publisher's thread behind a bounded queue ({@link #QUEUE_CAPACITY}, default 500 packets ≈ 10 s of
 * 20 ms Opus): a slow session does not slow the stream or other handlers; when its queue is full, new
 * packets are dropped for that session and counted in {@link AttachmentInfo#dropped()}.
 *
 * <h2>Buffers</h2>
 * Packets are immutable and may be kept; see {@link MediaPacket}.
 *
 * <h2>Failure</h2>
 * A callback that throws marks the attachment failed (visible over REST as its reason); the session gets
 * no further packets but still gets its final {@code onEnd}/{@code onDetached} so it can release resources.
 * The stream and the other handlers are not affected.
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #TARGET} (optional): an LDAP filter over the stream's properties — {@code id},
 *     {@code origin}, {@code codec}, and each metadata entry as {@code metadata.<key>}. Absent: all
 *     streams.</li>
 * <li>{@value #NAME} (optional): a display name for the attachment lists.</li>
 * <li>{@value #QUEUE_CAPACITY} (optional, Integer): the per-session queue length.</li>
 * </ul>
 */
@ConsumerType
public interface MediaHandler {

    /** Service property: LDAP filter selecting the streams this handler attaches to. */
    String TARGET = "gateway.media.target";

    /** Service property: display name of the handler. */
    String NAME = "gateway.media.name";

    /** Service property: per-session packet queue capacity (Integer). */
    String QUEUE_CAPACITY = "gateway.media.queue";

    /**
     * Offers a live stream to the handler.
     *
     * @param stream the stream (live or starting); valid for the whole session
     * @return the session that receives this stream, or {@code null} to decline
     * @throws Exception if the handler cannot take the stream; treated as a refusal
     */
    MediaSession attach(LiveStream stream) throws Exception;
}
