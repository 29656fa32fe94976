package gateway.api.stream;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A live audio stream in the gateway's registry, as everyone but its producer sees it: read-only.
 * Implemented by the gateway; plugins receive instances from {@link StreamRegistry#find},
 * {@link StreamRegistry#streams()}, {@link MediaHandler#attach} and {@link StreamPublisher#stream()}.
 *
 * <p><b>Read-only.</b> A {@code LiveStream} cannot feed, end or fail its stream, and no method of it leads to
 * the stream's {@link StreamPublisher}: the registry implements the two sides as different objects, so a
 * handler cannot take over a stream it was handed. Only the publisher that {@link StreamRegistry#open}
 * returned changes the stream.
 *
 * <p><b>Threading.</b> All methods are thread-safe and non-blocking; each returns a snapshot of the
 * current value, so two calls may see different values while the stream changes. The object stays valid
 * after the stream ended (it then shows the final state and reason).
 */
@ProviderType
public interface LiveStream {

    /** @return the stream's unique id, stable for its lifetime (a UUID: URL-safe) */
    String id();

    /** @return the name of the plugin that produces it, as given in {@link StreamSpec#origin()}, e.g. {@code "srt"} */
    String origin();

    /** @return the packets' format; never changes */
    StreamFormat format();

    /** @return an immutable snapshot of the current metadata (title, event id, ...); never {@code null} */
    Map<String, String> metadata();

    /** @return the current state; never {@code null} */
    StreamState state();

    /**
     * @return why the stream is in its current state: empty while it is starting or live, always present once
     *         it is terminal (the publisher's reason, or the state's label if it gave none). Free text for
     *         people; never parse it to decide anything — use {@link #state()}
     */
    Optional<String> reason();

    /** @return when the stream was opened */
    Instant openedAt();

    /** @return counters of what the publisher has delivered so far; never {@code null} */
    StreamCounters counters();

    /**
     * The codec's setup headers as the publisher set them with {@link StreamPublisher#setCodecHeaders}:
     * for Opus the {@code OpusHead} and {@code OpusTags} packets (RFC 7845 §5). Consumers that write a
     * container use them to keep the source's pre-skip, gain, channel mapping and tags unchanged.
     *
     * @return read-only buffers over the registry's copy, in order (each call returns new buffer objects, so
     *         moving their positions affects no one else); empty if the publisher has not set any
     * @since 1.1
     */
    List<ByteBuffer> codecHeaders();
}
