package gateway.api.stream;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A live audio stream in the gateway's registry. Implemented by the gateway; plugins receive
 * instances from {@link StreamRegistry} and {@link MediaHandler#attach}.
 *
 * <p>All methods are thread-safe and non-blocking; they return a snapshot of the current value.
 */
@ProviderType
public interface LiveStream {

    /** @return the stream's unique id, stable for its lifetime (URL-safe) */
    String id();

    /** @return the symbolic name of the plugin that produces it, e.g. {@code "srt"} */
    String origin();

    /** @return the packets' format */
    StreamFormat format();

    /** @return an immutable snapshot of the current metadata (title, event id, ...) */
    Map<String, String> metadata();

    /** @return the current state */
    StreamState state();

    /** @return why the stream is in its current state, if known (always present once terminal) */
    Optional<String> reason();

    /** @return when the stream was opened */
    Instant openedAt();

    /** @return counters of what the publisher has delivered so far */
    StreamCounters counters();

    /**
     * The codec's setup headers as the publisher set them with {@link StreamPublisher#setCodecHeaders}:
     * for Opus the {@code OpusHead} and {@code OpusTags} packets (RFC 7845 §5). Consumers that write a
     * container use them to keep the source's pre-skip, gain, channel mapping and tags unchanged.
     *
     * @return read-only buffers, in order; empty if the publisher has not set any
     * @since 1.1
     */
    java.util.List<java.nio.ByteBuffer> codecHeaders();
}
