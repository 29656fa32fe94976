package gateway.api.stream;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's registry of live streams, a service provided by the core runtime.
 *
 * <p>It outlives the plugins: a stream opened by one plugin stays live while any other bundle is
 * updated, and handlers re-attach when their bundle comes back. All methods are thread-safe.
 */
@ProviderType
public interface StreamRegistry {

    /**
     * Opens a new live stream. The stream appears in {@link #streams()} at once, matching
     * {@link MediaHandler}s are attached, and a {@code stream-opened} event is published.
     *
     * @param spec what is being published
     * @return the publisher that feeds the stream; the caller must {@linkplain StreamPublisher#close close} it
     */
    StreamPublisher open(StreamSpec spec);

    /**
     * @param id a stream id
     * @return the stream with that id if it is in the registry (live, or ended moments ago)
     */
    Optional<LiveStream> find(String id);

    /** @return the streams in the registry, oldest first */
    List<LiveStream> streams();

    /**
     * Attaches a handler to one stream explicitly, whatever its {@link MediaHandler#TARGET} says.
     * Used e.g. to record a stream on request.
     *
     * @param streamId the stream
     * @param handler  the handler; {@link MediaHandler#attach} is called before this method returns
     * @return the attachment; close it to detach
     * @throws StreamNotFoundException if there is no live stream with that id
     * @throws MediaHandlerException   if the handler refused or failed to attach
     */
    Attachment attach(String streamId, MediaHandler handler);

    /**
     * Handlers attached to a stream, for display.
     *
     * @param streamId the stream
     * @return one entry per attachment, empty if the stream is unknown
     */
    List<AttachmentInfo> attachments(String streamId);
}
