package gateway.core.internal.stream;

import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.StreamCounters;
import gateway.api.stream.StreamEndedException;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream in the registry: its state, metadata and counters, and the attachments that receive its packets.
 * It is the read-only {@link LiveStream} everybody sees; its mutators are package-private and reached from
 * outside the registry only through the stream's {@link Publisher}, a separate object, so a handler given this
 * stream cannot feed or end it. Per-packet work is plain Java: one copy of the payload, then a non-blocking
 * offer to each attachment.
 */
final class RegisteredStream implements LiveStream {

    /** What the registry wants to hear about a stream's life. */
    interface Listener {
        void metadataChanged(RegisteredStream stream);

        void ended(RegisteredStream stream);
    }

    private final String id;
    private final String origin;
    private final StreamFormat format;
    private final Instant openedAt = Instant.now();
    private final Listener listener;
    /** Working and failed attachments; after the end, the ones the stream had then (for their final counters). */
    private final List<HandlerAttachment> attachments = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> metadata;
    private volatile List<ByteBuffer> codecHeaders = List.of();
    private volatile StreamState state = StreamState.STARTING;
    private volatile String reason;
    private volatile Instant endedAt;
    private long sequence;
    private volatile long packets;
    private volatile long bytes;

    RegisteredStream(String id, String origin, StreamFormat format, Map<String, String> metadata, Listener listener) {
        this.id = id;
        this.origin = origin;
        this.format = format;
        this.metadata = Map.copyOf(metadata);
        this.listener = listener;
    }

    @Override public String id() { return id; }
    @Override public String origin() { return origin; }
    @Override public StreamFormat format() { return format; }
    @Override public Map<String, String> metadata() { return metadata; }
    @Override public StreamState state() { return state; }
    @Override public Optional<String> reason() { return Optional.ofNullable(reason); }
    @Override public Instant openedAt() { return openedAt; }
    @Override public StreamCounters counters() { return new StreamCounters(packets, bytes); }
    @Override public List<ByteBuffer> codecHeaders() {
        return codecHeaders.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
    }

    @Override
    public String toString() {
        return "stream " + id + " (" + origin + ", " + state.label() + ")";
    }

    Instant endedAt() {
        return endedAt;
    }

    /** Properties a handler's target filter is matched against. */
    Map<String, Object> filterProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("id", id);
        props.put("origin", origin);
        props.put("codec", format.codec());
        props.put("sampleRate", format.sampleRate());
        props.put("channels", format.channels());
        metadata.forEach((k, v) -> props.put("metadata." + k, v));
        return props;
    }

    /** Adds an attachment; one added as the stream ends is told at once (exactly once: see {@link HandlerAttachment#streamEnded}). */
    void add(HandlerAttachment attachment) {
        attachments.add(attachment);
        StreamState now = state;
        if (now.isTerminal()) attachment.streamEnded(now, reason);
        if (attachment.isDetached()) attachments.remove(attachment);
    }

    void remove(HandlerAttachment attachment) {
        attachments.remove(attachment);
    }

    List<HandlerAttachment> attachmentList() {
        return List.copyOf(attachments);
    }

    List<AttachmentInfo> attachmentInfos() {
        return attachments.stream().map(HandlerAttachment::info).toList();
    }

    // ---- the producing side, called by the stream's Publisher only

    synchronized void send(long timestampMicros, long durationMicros, ByteBuffer payload) {
        if (state.isTerminal()) throw new StreamEndedException(id, reason);
        if (durationMicros < 0) throw new IllegalArgumentException("durationMicros must not be negative");
        byte[] copy = new byte[payload.remaining()];
        payload.get(payload.position(), copy);
        MediaPacket packet = new MediaPacket(sequence++, timestampMicros, durationMicros,
                ByteBuffer.wrap(copy).asReadOnlyBuffer(), System.currentTimeMillis());
        packets++;
        bytes += copy.length;
        if (state == StreamState.STARTING) state = StreamState.LIVE;
        for (HandlerAttachment a : attachments) a.offer(packet);
    }

    void setCodecHeaders(List<ByteBuffer> headers) {
        codecHeaders = headers.stream().map(h -> {
            byte[] copy = new byte[h.remaining()];
            h.get(h.position(), copy);
            return ByteBuffer.wrap(copy);
        }).toList();
    }

    void updateMetadata(Map<String, String> changes) {
        synchronized (this) {
            if (state.isTerminal()) return;
            Map<String, String> next = new HashMap<>(metadata);
            changes.forEach((k, v) -> {
                if (v == null) next.remove(k); else next.put(k, v);
            });
            metadata = Map.copyOf(next);
            // under the lock, so the change takes its place among the packets in every queue
            for (HandlerAttachment a : attachments) a.metadataChanged(metadata);
        }
        listener.metadataChanged(this);
    }

    /** Makes the stream terminal unless it already is; the first call wins. */
    void terminate(StreamState terminal, String why) {
        synchronized (this) {
            if (state.isTerminal()) return;
            reason = why == null || why.isBlank() ? terminal.label() : why;
            endedAt = Instant.now();
            state = terminal;
        }
        for (HandlerAttachment a : attachments) a.streamEnded(terminal, reason);
        listener.ended(this);
    }
}
