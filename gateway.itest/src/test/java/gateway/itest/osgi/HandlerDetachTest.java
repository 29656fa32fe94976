package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.itest.osgi.slowdetach.SlowDetachHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * A plugin bundle whose media handler takes 300 ms to detach each session (whiteboard and requested) and does
 * no clean-up of its own: when the bundle is stopped or uninstalled, every session's onDetached has returned
 * before the stop (or uninstall) returns, and none of its callbacks runs afterwards, while the streams go on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerDetachTest extends GatewayFrameworkTest {
    @Inject
    GatewayEvents events;

    private final BlockingQueue<GatewayEvent> seen = new LinkedBlockingQueue<>();

    /** Publishes a marker and returns the test's events published before it, in order. */
    private List<GatewayEvent> eventsSoFar() throws InterruptedException {
        String marker = UUID.randomUUID().toString();
        events.publish(GatewayEvent.now("itest-marker", Map.of("marker", marker)));
        List<GatewayEvent> out = new ArrayList<>();
        while (true) {
            GatewayEvent e = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull("the marker came through the bus; before it: " + out, e);
            if (e.type().equals("itest-marker") && marker.equals(((Map<?, ?>) e.data()).get("marker"))) return out;
            out.add(e);
        }
    }

    private List<Map<?, ?>> awaitEvents(String type, int n) throws InterruptedException {
        List<Map<?, ?>> found = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (found.size() < n) {
            GatewayEvent e = seen.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(n + " " + type + " events, got " + found, e);
            if (e.type().equals(type)) found.add((Map<?, ?>) e.data());
            assertFalse("a late callback: " + e.data(), e.type().equals("itest-late-callback"));
        }
        return found;
    }

    private void awaitDelivery(String streamId, String handler) throws InterruptedException {
        Predicate<AttachmentInfo> delivering = a -> a.handler().equals(handler) && a.delivered() > 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (registry.attachments(streamId).stream().noneMatch(delivering)) {
            assertTrue(handler + " receives packets on " + streamId + ": " + registry.attachments(streamId), System.nanoTime() < deadline);
            TimeUnit.MILLISECONDS.sleep(10); // polling the attachment list
        }
    }

    private static long count(List<GatewayEvent> list, String type) {
        return list.stream().filter(e -> e.type().equals(type)).count();
    }

    @Test
    public void noCallbackOfAStoppedHandlerBundleRunsAfterItsStopReturned() throws Exception {
        GatewayEvents.Subscription subscription = events.subscribe(e -> {
            if (e.type().startsWith("itest-")) seen.add(e);
        });
        StreamPublisher whiteboard = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_STEREO, Map.of("itest.whiteboard", "true")));
        StreamPublisher requested = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_STEREO, Map.of("itest.request", "true")));
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        AtomicLong n = new AtomicLong();
        feeder.scheduleAtFixedRate(() -> {
            long i = n.getAndIncrement();
            whiteboard.send(i * 20_000, 20_000, ByteBuffer.wrap(new byte[160]));
            requested.send(i * 20_000, 20_000, ByteBuffer.wrap(new byte[160]));
        }, 0, 20, TimeUnit.MILLISECONDS);
        Bundle plugin = context.installBundle("itest:slowdetach", HandlerBundle.slowDetach());
        List<String> figures = new ArrayList<>();
        try {
            for (String action : List.of("stop", "uninstall")) {
                plugin.start();
                for (Map<?, ?> attached : awaitEvents("itest-attached", 2)) {
                    assertEquals("the handler was given a read-only stream", false, attached.get("isPublisher"));
                }
                awaitDelivery(whiteboard.stream().id(), "itest-slow-detach");
                awaitDelivery(requested.stream().id(), "itest-requested");
                eventsSoFar();

                long t0 = System.nanoTime();
                if (action.equals("stop")) plugin.stop(); else plugin.uninstall();
                long returnedAt = System.nanoTime();
                long tookMillis = (returnedAt - t0) / 1_000_000;
                figures.add(action + " took " + tookMillis + " ms");

                List<GatewayEvent> during = eventsSoFar();
                assertEquals("no late callback: " + during, 0, count(during, "itest-late-callback"));
                List<Map<?, ?>> detached = during.stream().filter(e -> e.type().equals("itest-detached"))
                        .<Map<?, ?>>map(e -> (Map<?, ?>) e.data()).toList();
                assertEquals("both sessions detached before " + action + " returned: " + during, 2, detached.size());
                for (Map<?, ?> d : detached) {
                    assertTrue("onDetached had returned when " + action + " returned", (Long) d.get("finishedAt") < returnedAt);
                    if (Boolean.FALSE.equals(d.get("requested"))) {
                        assertEquals("the whiteboard session detached before the component's deactivation", false, d.get("afterDeactivate"));
                    }
                }
                assertTrue(action + " waited for the sessions' onDetached: " + tookMillis + " ms", tookMillis >= SlowDetachHandler.DETACH_MILLIS);
                assertTrue(registry.attachments(whiteboard.stream().id()).isEmpty());
                assertTrue(registry.attachments(requested.stream().id()).isEmpty());

                // the streams flow on; a callback of the stopped plugin now would be reported
                long target = n.get() + 25;
                while (n.get() < target) TimeUnit.MILLISECONDS.sleep(20); // half a second of packets, at the feeder's pace
                List<GatewayEvent> after = eventsSoFar();
                assertEquals("nothing from the stopped plugin afterwards: " + after, List.of(), after);
                assertEquals(StreamState.LIVE, whiteboard.stream().state());
                assertEquals(StreamState.LIVE, requested.stream().state());
            }
        } finally {
            feeder.shutdownNow();
            feeder.awaitTermination(5, TimeUnit.SECONDS);
            whiteboard.end("test over");
            requested.end("test over");
            subscription.close();
            if (plugin.getState() != Bundle.UNINSTALLED) plugin.uninstall();
        }
        System.out.println("[handler detach] " + String.join("; ", figures));
    }
}
