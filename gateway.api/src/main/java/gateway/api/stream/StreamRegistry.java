package gateway.api.stream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's registry of live streams, a service provided by the core runtime.
 *
 * <p>It outlives the plugins: a stream opened by one plugin stays live while any other bundle is
 * updated, and whiteboard handlers re-attach when their bundle comes back. Each bundle gets its own instance
 * of the service: when a bundle stops, the streams it opened and the attachments it requested end, never
 * those of other bundles.
 *
 * <p><b>Threading.</b> All methods are thread-safe. None of them waits for a media handler, except
 * {@link #attach}, which calls the given handler's {@link MediaHandler#attach} on the caller's thread.
 *
 * <p><b>Events.</b> The registry publishes {@value #STREAM_OPENED}, {@value #STREAM_METADATA} and
 * {@value #STREAM_ENDED} on the gateway's event bus.
 */
@ProviderType
public interface StreamRegistry {

    /**
     * Event type published when a stream opens; its data is the stream as {@code GET /streams/{id}} shows it.
     *
     * @since 1.2
     */
    String STREAM_OPENED = "stream-opened";

    /**
     * Event type published when a stream's metadata changes; its data holds {@code id} and {@code metadata}.
     *
     * @since 1.2
     */
    String STREAM_METADATA = "stream-metadata";

    /**
     * Event type published when a stream ends; its data holds {@code id}, {@code origin}, {@code state} (the
     * {@linkplain StreamState#label() label}, {@code "ended"} or {@code "failed"}) and {@code reason}.
     *
     * @since 1.2
     */
    String STREAM_ENDED = "stream-ended";

    /**
     * How long, in seconds, an ended stream stays in the registry ({@link #find}, {@link #streams()},
     * {@link #attachments}) with its final state, reason, counters and attachments, so that clients can read
     * why and how it ended.
     *
     * @since 1.2
     */
    int ENDED_RETENTION_SECONDS = 60;

    /**
     * Packets queued per session when the handler names no {@link MediaHandler#QUEUE_CAPACITY}:
     * 10 s of 20 ms Opus.
     *
     * @since 1.2
     */
    int DEFAULT_QUEUE_CAPACITY = 500;

    /**
     * How long, in seconds, the registry waits, when a handler service is unregistered or a bundle that
     * requested attachments stops, for the sessions' final callbacks ({@link MediaSession#onDetached} or
     * {@link MediaSession#onEnd}) to return before it gives up on them with a warning in the log.
     *
     * @since 1.2
     */
    int DETACH_TIMEOUT_SECONDS = 5;

    /**
     * A {@linkplain MediaHandler#DIRECT_DELIVERY directly delivered} {@code onPacket} slower than this many
     * milliseconds counts as slow.
     *
     * @since 1.4
     */
    int DIRECT_SLOW_MILLIS = 10;

    /**
     * After this many slow direct {@code onPacket} calls, an attachment's packets go through its queue for good.
     *
     * @since 1.4
     */
    int DIRECT_SLOW_LIMIT = 10;

    /**
     * Opens a new live stream in state {@link StreamState#STARTING}. The stream appears in {@link #streams()}
     * at once, a {@value #STREAM_OPENED} event is published, and every {@link MediaHandler} service whose
     * {@link MediaHandler#TARGET} matches is attached. This method never calls handler code: each handler's
     * {@link MediaHandler#attach} runs on that attachment's own thread, and packets sent meanwhile wait in the
     * attachment's queue.
     *
     * @param spec what is being published
     * @return the publisher, the only object that can feed and end the stream; the caller must
     *         {@linkplain StreamPublisher#close close} it (or {@linkplain StreamPublisher#end end} or
     *         {@linkplain StreamPublisher#fail fail} the stream)
     */
    StreamPublisher open(StreamSpec spec);

    /**
     * @param id a stream id
     * @return the stream with that id if it is in the registry: live, or ended less than
     *         {@value #ENDED_RETENTION_SECONDS} seconds ago; read-only
     */
    Optional<LiveStream> find(String id);

    /** @return the streams in the registry (live, or ended less than {@value #ENDED_RETENTION_SECONDS} s ago), oldest first */
    List<LiveStream> streams();

    /**
     * Attaches a handler to one stream on request, whatever its {@link MediaHandler#TARGET} says, with the
     * default queue of {@value #DEFAULT_QUEUE_CAPACITY} packets and the calling bundle's symbolic name as the
     * handler's name. The same as {@code attach(streamId, handler, Map.of())}.
     *
     * @param streamId the stream
     * @param handler  the handler; its {@link MediaHandler#attach} is called on the caller's thread before
     *                 this method returns
     * @return the attachment; close it to detach
     * @throws StreamNotFoundException if there is no live stream with that id (unknown, or ended)
     * @throws MediaHandlerException   if the handler declined ({@code null}) or threw; the message says which
     */
    Attachment attach(String streamId, MediaHandler handler);

    /**
     * Attaches a handler to one stream on request, whatever its {@link MediaHandler#TARGET} says — e.g. to
     * record a stream when an operator asks. The handler's {@link MediaHandler#attach} is called on the
     * caller's thread, before this method returns and under no lock of the registry; the session then runs
     * like a whiteboard one (its own thread and queue). A refusal is not shown on the stream's attachment list:
     * the caller gets it as the exception.
     *
     * <p>The attachment belongs to the calling bundle: when that bundle stops, it is detached, and the
     * registry waits up to {@value #DETACH_TIMEOUT_SECONDS} s for the session's final callback before the
     * bundle's stop goes on.
     *
     * @param streamId   the stream
     * @param handler    the handler
     * @param properties the same keys as a whiteboard handler's service properties: {@link MediaHandler#NAME}
     *                   (the name on the attachment list; default: the calling bundle's symbolic name) and
     *                   {@link MediaHandler#QUEUE_CAPACITY} (a positive {@code Integer} or a decimal string;
     *                   default {@value #DEFAULT_QUEUE_CAPACITY}) and {@link MediaHandler#DIRECT_DELIVERY} (since
     *                   1.4); {@link MediaHandler#TARGET} and other keys are
     *                   ignored; may be empty, not {@code null}
     * @return the attachment; close it to detach
     * @throws StreamNotFoundException  if there is no live stream with that id (unknown, or ended)
     * @throws MediaHandlerException    if the handler declined ({@code null}) or threw; the message says which
     * @throws IllegalArgumentException if {@link MediaHandler#QUEUE_CAPACITY} is given but not a positive number
     * @since 1.2
     */
    Attachment attach(String streamId, MediaHandler handler, Map<String, ?> properties);

    /**
     * Handlers attached to a stream, for display: every working or failed attachment (a whiteboard handler
     * whose {@link MediaHandler#attach} threw is listed as {@link AttachmentState#FAILED} with the reason;
     * one that declined with {@code null} is not listed), and for an ended stream the attachments it had when
     * it ended, with their final counters.
     *
     * @param streamId the stream
     * @return one entry per attachment, oldest first; empty if the stream is unknown
     */
    List<AttachmentInfo> attachments(String streamId);
}
