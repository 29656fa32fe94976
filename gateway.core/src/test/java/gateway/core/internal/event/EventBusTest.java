package gateway.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {

    @Test
    void deliversInOrderToEverySubscriber() throws Exception {
        EventBus bus = new EventBus();
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(200);
        bus.subscribe(e -> {
            a.add(e.type());
            all.countDown();
        });
        bus.subscribe(e -> {
            b.add(e.type());
            all.countDown();
        });
        for (int i = 0; i < 100; i++) bus.publish(GatewayEvent.now("e" + i, null));
        assertTrue(all.await(10, TimeUnit.SECONDS), "both subscribers got 100 events: " + a.size() + ", " + b.size());
        assertEquals(100, a.size());
        assertEquals(a, b);
        assertEquals("e0", a.get(0));
        assertEquals("e99", a.get(99));
    }

    @Test
    void aStalledSubscriberIsDroppedWithoutBlockingPublishers() throws Exception {
        EventBus bus = new EventBus();
        CountDownLatch never = new CountDownLatch(1);
        GatewayEvents.Subscription stalled = bus.subscribe(e -> {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        List<GatewayEvent> healthy = new CopyOnWriteArrayList<>();
        Semaphore received = new Semaphore(0);
        bus.subscribe(e -> {
            healthy.add(e);
            received.release();
        });
        long blocked = 0;
        for (int i = 0; i < EventBus.SUBSCRIBER_QUEUE * 3; i++) {
            long t0 = System.nanoTime();
            bus.publish(GatewayEvent.now("e", i));
            blocked = Math.max(blocked, System.nanoTime() - t0);
            if (i % 100 == 99) { // bursts, then let the healthy subscriber catch up
                assertTrue(received.tryAcquire(100, 10, TimeUnit.SECONDS), "the healthy subscriber keeps up");
            }
        }
        assertTrue(blocked < TimeUnit.MILLISECONDS.toNanos(100), "publishing never waits: " + blocked + " ns");
        assertEquals(1, bus.subscriberCount(), "the stalled subscriber was dropped");
        assertTrue(((EventSubscriber) stalled).isClosed());
        never.countDown();
        int rest = EventBus.SUBSCRIBER_QUEUE * 3 % 100;
        assertTrue(received.tryAcquire(rest, 10, TimeUnit.SECONDS));
        assertEquals(EventBus.SUBSCRIBER_QUEUE * 3, healthy.size());
    }
}
