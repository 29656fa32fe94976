package gateway.core.internal.rest;

import gateway.api.event.GatewayEvents;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;

/**
 * One connected {@code /sse} client. Writes are asynchronous; a client with too many unwritten frames
 * (stalled or gone) is closed, so it never holds up the event bus.
 */
final class SseClient {
    static final int MAX_PENDING = 256;

    private final SseEventSink sink;
    private final Sse sse;
    private final Consumer<SseClient> onClose;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile GatewayEvents.Subscription subscription;

    SseClient(SseEventSink sink, Sse sse, Consumer<SseClient> onClose) {
        this.sink = sink;
        this.sse = sse;
        this.onClose = onClose;
    }

    void start(GatewayEvents.Subscription s) {
        subscription = s;
        // An initial comment makes proxies and clients see the stream open at once.
        write(sse.newEventBuilder().comment("connected").build());
    }

    void send(String json) {
        write(sse.newEvent(json));
    }

    void keepalive() {
        write(sse.newEventBuilder().comment("keepalive").build());
    }

    private void write(javax.ws.rs.sse.OutboundSseEvent event) {
        if (closed.get()) return;
        if (sink.isClosed() || pending.incrementAndGet() > MAX_PENDING) {
            close();
            return;
        }
        try {
            sink.send(event).whenComplete((ok, error) -> {
                pending.decrementAndGet();
                if (error != null) close();
            });
        } catch (RuntimeException e) {
            close();
        }
    }

    synchronized void close() {
        if (!closed.compareAndSet(false, true)) return;
        GatewayEvents.Subscription s = subscription;
        if (s != null) s.close();
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
        onClose.accept(this);
    }
}
