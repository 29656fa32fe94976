package gateway.core.internal.stream;

import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.StreamCounters;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream in the registry: its state, metadata and counters, the attachments that receive its
 * packets, and the publisher side that feeds them. Per-packet work is plain Java: one copy of the
 * payload, then a non-blocking offer to each attachment.
 */
final class RegisteredStream implements LiveStream, StreamPublisher {

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
    @Override public LiveStream stream() { return this; }
    @Override public List<ByteBuffer> codecHeaders() {
        return codecHeaders.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
    }

    @Override
    public void setCodecHeaders(List<ByteBuffer> headers) {
        codecHeaders = headers.stream().map(h -> {
            byte[] copy = new byte[h.remaining()];
            h.get(h.position(), copy);
            return ByteBuffer.wrap(copy);
        }).toList();
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

    void add(HandlerAttachment attachment) {
        attachments.add(attachment);
        if (state.isTerminal() && attachments.remove(attachment)) {
            attachment.streamEnded(state, reason);
        }
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

    @Override
    public synchronized void send(long timestampMicros, long durationMicros, ByteBuffer payload) {
        if (state.isTerminal()) throw new IllegalStateException("stream " + id + " has ended");
        byte[] copy = new byte[payload.remaining()];
        payload.get(payload.position(), copy);
        MediaPacket packet = new MediaPacket(sequence++, timestampMicros, durationMicros,
                ByteBuffer.wrap(copy).asReadOnlyBuffer());
        packets++;
        bytes += copy.length;
        if (state == StreamState.STARTING) state = StreamState.LIVE;
        for (HandlerAttachment a : attachments) a.offer(packet);
    }

    @Override
    public void updateMetadata(Map<String, String> changes) {
        synchronized (this) {
            if (state.isTerminal()) return;
            Map<String, String> next = new HashMap<>(metadata);
            changes.forEach((k, v) -> {
                if (v == null) next.remove(k); else next.put(k, v);
            });
            metadata = Map.copyOf(next);
        }
        for (HandlerAttachment a : attachments) a.metadataChanged(metadata);
        listener.metadataChanged(this);
    }

    @Override
    public void end(String why) {
        terminate(StreamState.ENDED, why);
    }

    @Override
    public void fail(String why) {
        terminate(StreamState.FAILED, why);
    }

    @Override
    public void close() {
        terminate(StreamState.ENDED, "closed");
    }

    private void terminate(StreamState terminal, String why) {
        synchronized (this) {
            if (state.isTerminal()) return;
            reason = why == null || why.isBlank() ? terminal.name().toLowerCase() : why;
            endedAt = Instant.now();
            state = terminal;
        }
        for (HandlerAttachment a : attachments) a.streamEnded(terminal, reason);
        attachments.clear();
        listener.ended(this);
    }
}
