package gateway.core.internal.event;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber of the bus: a bounded queue and a virtual thread that feeds the listener. When the
 * queue is full the subscriber is closed — a stalled client loses its subscription, publishers never wait.
 */
final class EventSubscriber implements GatewayEvents.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscriber.class);
    private static final GatewayEvent POISON = GatewayEvent.now("-", null);

    private final Consumer<GatewayEvent> listener;
    private final BlockingQueue<GatewayEvent> queue;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread worker;

    EventSubscriber(Consumer<GatewayEvent> listener, int capacity, Runnable onClose) {
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.onClose = onClose;
        this.worker = Thread.ofVirtual().name("event-subscriber").start(this::drain);
    }

    void offer(GatewayEvent event) {
        if (closed.get()) return;
        // one slot is kept free for the close marker
        if (queue.remainingCapacity() <= 1 || !queue.offer(event)) {
            LOG.info("Event subscriber fell behind by {} events and was disconnected", queue.size());
            close();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            queue.offer(POISON);
            onClose.run();
        }
    }

    private void drain() {
        try {
            while (true) {
                GatewayEvent e = queue.take();
                if (e == POISON || closed.get()) return;
                try {
                    listener.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("Event subscriber failed and was disconnected: {}", ex.toString());
                    close();
                    return;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
