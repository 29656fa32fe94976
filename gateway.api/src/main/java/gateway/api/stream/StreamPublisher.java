package gateway.api.stream;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The producing side of a live stream, returned by {@link StreamRegistry#open}. Only the plugin that
 * opened the stream holds it.
 *
 * <p><b>Threading.</b> {@link #send} is meant for one producer thread at a time (the plugin's receive
 * loop); it never blocks on handlers: each attached handler has its own bounded queue, and a handler
 * that falls behind loses packets (counted) instead of slowing the publisher. The other methods are
 * thread-safe.
 *
 * <p>Closing the publisher ({@link #close()}) ends the stream with {@link StreamState#ENDED} if it is
 * not terminal yet. If the bundle that opened the stream stops, the gateway ends its streams with
 * {@link StreamState#FAILED}.
 */
@ProviderType
public interface StreamPublisher extends AutoCloseable {

    /** @return the stream this publisher feeds */
    LiveStream stream();

    /**
     * Delivers one encoded frame to every attached handler. The bytes are copied before the call
     * returns, so the caller may reuse {@code payload}.
     *
     * @param timestampMicros presentation time in microseconds from the start of the stream
     * @param durationMicros  the frame's duration in microseconds, or 0 if unknown
     * @param payload         the frame; its position and limit delimit the bytes (left unchanged)
     * @throws IllegalStateException if the stream has ended
     */
    void send(long timestampMicros, long durationMicros, java.nio.ByteBuffer payload);

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
    void setCodecHeaders(java.util.List<java.nio.ByteBuffer> headers);

    /**
     * Merges entries into the stream's metadata and tells attached handlers. A {@code null} value
     * removes the key.
     *
     * @param changes the entries to set or remove
     */
    void updateMetadata(Map<String, String> changes);

    /**
     * Ends the stream normally.
     *
     * @param reason a short human-readable reason, e.g. {@code "caller disconnected"}
     */
    void end(String reason);

    /**
     * Ends the stream with an error.
     *
     * @param reason a short human-readable reason, e.g. {@code "not an Opus stream"}
     */
    void fail(String reason);

    /** Ends the stream with reason {@code "closed"} unless it has already ended. */
    @Override
    void close();
}
