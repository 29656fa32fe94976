package gateway.api.stream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A consumer of live streams. Register an implementation as an OSGi service (the whiteboard): the core
 * runtime attaches it to every live stream its {@link #TARGET} filter matches, including streams that open
 * later, and detaches it when the service is unregistered. A plugin can also attach a handler to one stream
 * on request with {@link StreamRegistry#attach(String, MediaHandler, java.util.Map)}.
 *
 * <h2>Life cycle</h2>
 * <ol>
 * <li>{@link #attach} is called at most once per (handler service, stream): when the stream opens, or when
 *     the service is registered while the stream is live. Return a {@link MediaSession} to receive the
 *     stream, or {@code null} to decline it (a normal choice, logged at debug level and not listed).
 *     Throwing refuses it as a failure: the attachment stays on the stream's attachment list
 *     ({@code GET /streams}, {@link StreamRegistry#attachments}) in state {@link AttachmentState#FAILED}
 *     with the reason {@code "attach failed: <exception>"}, for as long as the stream is listed or until the
 *     handler goes away.</li>
 * <li>The session then gets {@link MediaSession#onPacket} for every packet in order — starting with the
 *     packets published while {@code attach} was running — and {@link MediaSession#onMetadata} when the
 *     stream's metadata changes, in order with the packets.</li>
 * <li>It ends with exactly one of {@link MediaSession#onEnd} (the stream ended: everything queued is
 *     delivered first) or {@link MediaSession#onDetached} (the handler service was unregistered — e.g. its
 *     bundle stops or is updated — or the attachment was closed, while the stream goes on: packets still
 *     queued are dropped). Nothing is delivered after that.</li>
 * <li>When the service is unregistered, the registry waits, before the unregistration returns, for the final
 *     callback of each of its sessions (and for an {@code attach} still running), up to
 *     {@value StreamRegistry#DETACH_TIMEOUT_SECONDS} s in all; beyond that it logs a warning naming the
 *     handler and goes on. So, within that bound, no callback of a handler runs after its bundle's
 *     deactivation has finished: a component that registers a handler needs no clean-up of its own sessions
 *     in its {@code @Deactivate} — the sessions' {@code onDetached} does it.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * Each attachment has one thread of its own (a virtual thread) that makes every call to its session, one at
 * a time, in order, never concurrently — so a session needs no locking for state only its callbacks touch
 * (with {@linkplain #DIRECT_DELIVERY direct delivery}, {@code onPacket} may also run on the publisher's thread,
 * still one call at a time and in order).
 * For a whiteboard attachment that thread also calls {@code attach}, so a slow {@code attach} delays only
 * this attachment: the stream opens, publishes and ends without waiting for it, and packets published
 * meanwhile wait in the attachment's queue. For {@link StreamRegistry#attach} the requesting thread calls
 * {@code attach}. Different sessions of one handler run on different threads concurrently, so state the
 * handler shares between sessions must be thread-safe. Callbacks should return quickly (a slow one delays
 * only its own session, whose queue then fills) and must never wait for the publisher or for another session
 * of the gateway; blocking I/O in a callback is allowed but costs this session its queue's worth of
 * packets when the I/O stalls.
 *
 * <h2>Queue</h2>
 * Sessions run off the publisher's thread behind a bounded queue ({@link #QUEUE_CAPACITY}, default
 * {@value StreamRegistry#DEFAULT_QUEUE_CAPACITY} packets ≈ 10 s of 20 ms Opus): a slow session does not slow
 * the stream or other handlers; when its queue is full, new packets are dropped for that session and counted
 * in {@link AttachmentInfo#dropped()}. Metadata changes and the end are never dropped.
 *
 * <h2>Direct delivery</h2>
 * A handler whose {@link MediaSession#onPacket} never blocks and returns within microseconds — it hands the
 * packet to a non-blocking socket, or copies it into a buffer of its own — can ask for direct delivery with
 * {@value #DIRECT_DELIVERY}: while its queue is empty, the publisher's thread calls {@code onPacket} itself
 * instead of waking the attachment's thread, which saves a thread wake-up per packet and session (at hundreds
 * of sessions, a large part of their CPU and of their delay). Everything else holds: callbacks are made one at
 * a time and in order (a packet that finds the queue non-empty goes through it), {@code onMetadata},
 * {@code onEnd} and {@code onDetached} come from the attachment's thread, and no callback runs after the final
 * one. Such a session must never wait (for a lock held across I/O, for another stream, for the network) and
 * must never publish: the stream's publisher and its other sessions wait for it. A direct {@code onPacket}
 * that has taken longer than {@value StreamRegistry#DIRECT_SLOW_MILLIS} ms {@value StreamRegistry#DIRECT_SLOW_LIMIT}
 * times sends the attachment back to its queue for good, with a warning in the log.
 *
 * <h2>Buffers</h2>
 * The registry owns the packets; they are immutable and a session may keep them as long as it likes. All
 * sessions of a stream share one packet object, so read the payload without moving its position (see
 * {@link MediaPacket}).
 *
 * <h2>Failure</h2>
 * A callback that throws marks the attachment {@link AttachmentState#FAILED} (visible over REST with the
 * exception as its reason, and logged); the session gets no further packets or metadata but still gets its
 * final {@code onEnd}/{@code onDetached} so it can release resources. The stream and the other handlers are
 * not affected. A handler never fails a stream: only its publisher ends it.
 *
 * <h2>Optional callbacks</h2>
 * Only {@link MediaSession#onPacket} must be implemented; {@code onMetadata}, {@code onEnd} and
 * {@code onDetached} have empty defaults.
 *
 * <h2>Service properties</h2>
 * <ul>
 * <li>{@value #TARGET} (optional): an LDAP filter over the stream's properties — {@code id},
 *     {@code origin}, {@code codec}, {@code sampleRate}, {@code channels}, and each metadata entry as
 *     {@code metadata.<key>} — matched once, when the stream opens or the handler registers (later metadata
 *     changes do not attach or detach). Absent or blank: all streams. An invalid filter: the handler is
 *     ignored, with an error in the log.</li>
 * <li>{@value #NAME} (optional): the handler's name on the attachment lists; default: the registering
 *     bundle's symbolic name.</li>
 * <li>{@value #QUEUE_CAPACITY} (optional, a positive Integer or decimal string): the per-session queue length;
 *     anything else: the default, with a warning in the log.</li>
 * <li>{@value #DIRECT_DELIVERY} (optional, since 1.4): {@code Boolean.TRUE} or {@code "true"} asks for direct
 *     delivery (above); anything else: packets go through the queue.</li>
 * </ul>
 * The properties are read when the service is registered; to change them, register the handler anew.
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
     * Service property (and {@link StreamRegistry#attach(String, MediaHandler, java.util.Map)} property):
     * {@code true} asks for direct delivery of packets on the publisher's thread while the session's queue is
     * empty; see the class description for what that demands of the session.
     *
     * @since 1.4
     */
    String DIRECT_DELIVERY = "gateway.media.direct";

    /**
     * Offers a live stream to the handler. For a whiteboard handler it is called on the attachment's own
     * thread; for {@link StreamRegistry#attach} on the requester's thread. It may take its time (open a file,
     * connect somewhere): only this attachment waits.
     *
     * @param stream the stream, read-only; usually starting or live, but it may have ended by the time a
     *               slow {@code attach} returns — the session then gets the packets sent until the end and
     *               {@link MediaSession#onEnd}. Valid for the whole session and after.
     * @return the session that receives this stream, or {@code null} to decline
     * @throws Exception if the handler cannot take the stream; shown on the attachment list (whiteboard) or
     *                   passed to the requester as a {@link MediaHandlerException} ({@link StreamRegistry#attach})
     */
    MediaSession attach(LiveStream stream) throws Exception;
}
