package gateway.core.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {

    @Test
    void deliversInOrderToEverySubscriber() throws Exception {
        EventBus bus = new EventBus();
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> a.add(e.type()));
        bus.subscribe(e -> b.add(e.type()));
        for (int i = 0; i < 100; i++) bus.publish(GatewayEvent.now("e" + i, null));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((a.size() < 100 || b.size() < 100) && System.nanoTime() < deadline) Thread.sleep(5);
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
        bus.subscribe(healthy::add);
        long blocked = 0;
        for (int i = 0; i < EventBus.SUBSCRIBER_QUEUE * 3; i++) {
            long t0 = System.nanoTime();
            bus.publish(GatewayEvent.now("e", i));
            blocked = Math.max(blocked, System.nanoTime() - t0);
            if (i % 100 == 99) { // bursts, then let the healthy subscriber catch up
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (healthy.size() < i + 1 && System.nanoTime() < deadline) Thread.sleep(1);
            }
        }
        assertTrue(blocked < TimeUnit.MILLISECONDS.toNanos(100), "publishing never waits: " + blocked + " ns");
        assertEquals(1, bus.subscriberCount(), "the stalled subscriber was dropped");
        assertTrue(((EventSubscriber) stalled).isClosed());
        never.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (healthy.size() < EventBus.SUBSCRIBER_QUEUE * 3 && System.nanoTime() < deadline) Thread.sleep(5);
        assertEquals(EventBus.SUBSCRIBER_QUEUE * 3, healthy.size());
    }
}
