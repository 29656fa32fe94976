package gateway.core.internal.stream;

import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamState;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One media session attached to one stream: a bounded mailbox drained by its own virtual thread, so
 * the publisher never waits for a handler. Packets beyond the capacity are dropped and counted;
 * control signals (metadata, end, detach) always get through.
 */
final class HandlerAttachment implements Attachment {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerAttachment.class);

    private sealed interface Signal permits Metadata, End, Detach {}
    private record Metadata(Map<String, String> metadata) implements Signal {}
    private record End(StreamState state, String reason) implements Signal {}
    private record Detach() implements Signal {}

    private final String handlerName;
    private final MediaSession session;
    private final int capacity;
    private final LinkedBlockingQueue<Object> mailbox = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedPackets = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile String failure;

    HandlerAttachment(String handlerName, String streamId, MediaSession session, int capacity, Runnable onClose) {
        this.handlerName = handlerName;
        this.session = session;
        this.capacity = capacity;
        this.onClose = onClose;
        Thread.ofVirtual().name("media-" + handlerName + "-" + streamId).start(this::drain);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Called on the publisher's thread: never blocks. */
    void offer(MediaPacket packet) {
        if (closed.get() || failure != null) return;
        if (queuedPackets.incrementAndGet() > capacity) {
            queuedPackets.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        mailbox.add(packet);
    }

    void metadataChanged(Map<String, String> metadata) {
        if (!closed.get()) mailbox.add(new Metadata(metadata));
    }

    /** The stream ended: deliver what is queued, then {@code onEnd}. */
    void streamEnded(StreamState state, String reason) {
        if (closed.compareAndSet(false, true)) mailbox.add(new End(state, reason));
    }

    /** Detach while the stream goes on: deliver what is queued, then {@code onDetached}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            mailbox.add(new Detach());
            onClose.run();
        }
    }

    @Override
    public AttachmentInfo info() {
        return new AttachmentInfo(handlerName, delivered.get(), dropped.get(), failure != null, failure);
    }

    private void drain() {
        try {
            while (true) {
                Object item = mailbox.take();
                if (item instanceof MediaPacket packet) {
                    queuedPackets.decrementAndGet();
                    if (failure == null) deliver(packet);
                } else if (item instanceof Metadata m) {
                    if (failure == null) call(() -> session.onMetadata(m.metadata()));
                } else if (item instanceof End e) {
                    call(() -> session.onEnd(e.state(), e.reason()));
                    return;
                } else if (item instanceof Detach) {
                    call(session::onDetached);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(MediaPacket packet) {
        try {
            session.onPacket(packet);
            delivered.incrementAndGet();
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            LOG.warn("Media handler {} failed and receives nothing more: {}", handlerName, failure, t);
        }
    }
}
