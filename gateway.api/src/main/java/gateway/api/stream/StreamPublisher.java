package gateway.api.stream;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The producing side of a live stream, returned by {@link StreamRegistry#open}: the only object that can feed,
 * end or fail the stream. Only the plugin that opened the stream holds it; the {@link LiveStream} that
 * everybody else sees ({@link #stream()}) is a different, read-only object that does not lead back here.
 *
 * <p><b>Threading.</b> {@link #send} is meant for one producer thread at a time (the plugin's receive loop;
 * concurrent calls are safe but serialised). It never blocks on handlers and never calls handler code: the
 * registry copies the payload once and offers the packet, without waiting, to each attached handler's bounded
 * queue; a handler that falls behind loses packets (counted in {@link AttachmentInfo#dropped()}) instead of
 * slowing the publisher. The other methods are thread-safe and return quickly too.
 *
 * <p><b>Buffers.</b> Every method that takes a {@link ByteBuffer} copies the bytes between its position and
 * limit before it returns and leaves the buffer's position and limit unchanged; the caller keeps ownership
 * and may reuse the buffer at once.
 *
 * <p><b>End.</b> {@link #end}, {@link #fail} and {@link #close} make the stream terminal (only the first call
 * counts); attached sessions then receive what is queued for them and {@link MediaSession#onEnd}. If the
 * bundle that opened the stream stops, the gateway fails its streams that are still live, with reason
 * {@code "plugin <symbolic name> stopped"}.
 */
@ProviderType
public interface StreamPublisher extends AutoCloseable {

    /** @return the read-only view of the stream this publisher feeds (the same object {@link StreamRegistry#find} returns) */
    LiveStream stream();

    /**
     * Delivers one encoded frame to every attached handler. The first packet moves the stream from
     * {@link StreamState#STARTING} to {@link StreamState#LIVE}.
     *
     * @param timestampMicros presentation time in microseconds from the start of the stream
     * @param durationMicros  the frame's duration in microseconds, or 0 if unknown; not negative
     * @param payload         the frame; its position and limit delimit the bytes (copied, left unchanged)
     * @throws StreamEndedException    if the stream has ended, also when the gateway ended it (shutdown): stop
     *                                  publishing and release the source
     * @throws IllegalArgumentException if {@code durationMicros} is negative
     */
    void send(long timestampMicros, long durationMicros, ByteBuffer payload);

    /**
     * Sets the codec's setup headers exactly as the source sent them, so that consumers which write a
     * container (a recorder, an Ogg relay) can reproduce them unchanged. For Opus these are the
     * identification header ({@code OpusHead}) and the comment header ({@code OpusTags}) of RFC 7845
     * §5, in that order. Call it before the first {@link #send}; calling it again (a chained stream
     * with new tags) replaces them. The buffers are copied.
     *
     * @param headers the header packets, in order; empty if the codec has none
     * @since 1.1
     */
    void setCodecHeaders(List<ByteBuffer> headers);

    /**
     * Merges entries into the stream's metadata, tells attached sessions ({@link MediaSession#onMetadata}, in
     * order with the packets) and publishes a {@value StreamRegistry#STREAM_METADATA} event. A {@code null}
     * value removes the key. Ignored once the stream has ended.
     *
     * @param changes the entries to set or remove
     */
    void updateMetadata(Map<String, String> changes);

    /**
     * Ends the stream normally ({@link StreamState#ENDED}). Ignored if it has already ended.
     *
     * @param reason a short human-readable reason, e.g. {@code "caller disconnected"}; blank: {@code "ended"}
     */
    void end(String reason);

    /**
     * Ends the stream with an error ({@link StreamState#FAILED}). Ignored if it has already ended.
     *
     * @param reason a short human-readable reason, e.g. {@code "not an Opus stream"}; blank: {@code "failed"}
     */
    void fail(String reason);

    /** Ends the stream normally with reason {@code "closed"} unless it has already ended. */
    @Override
    void close();
}
