package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/**
 * A plugin installed, updated and removed at run time while a stream flows: its endpoints and its
 * OpenAPI paths follow it, its media handler re-attaches after an update, and another consumer of the
 * stream receives every packet, without a gap, through all of it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployTest extends GatewayFrameworkTest {
    private boolean specHas(String path) throws Exception {
        HttpResponse<String> r = http.get("/openapi/openapi.json");
        return r.statusCode() == 200 && JSON.readTree(r.body()).path("paths").has(path);
    }

    @Test
    public void pluginEndpointsAndSpecFollowInstallUpdateAndUninstallWhileAStreamFlows() throws Exception {
        assertEquals(404, http.get("/stats").statusCode());
        assertFalse(specHas("/stats"));

        // A consumer of the test's own that sees what the stream carries, from its first packet to its end.
        Watcher watcher = new Watcher();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MediaHandler.TARGET, "(metadata.itest=hot-deploy)");
        props.put(MediaHandler.NAME, "itest-watcher");
        props.put(MediaHandler.QUEUE_CAPACITY, 100_000); // never full, so a gap could only be a packet the stream lost
        ServiceRegistration<MediaHandler> watching = context.registerService(MediaHandler.class, watcher, props);

        // A live stream, fed at real-time pace (one 20 ms Opus-sized packet every 20 ms).
        StreamPublisher publisher = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_STEREO, Map.of("itest", "hot-deploy")));
        String id = publisher.stream().id();
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        feeder.scheduleAtFixedRate(() -> {
            long n = sent.get();
            publisher.send(n * 20_000, 20_000, ByteBuffer.wrap(new byte[160]));
            sent.incrementAndGet();
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            Bundle stats;
            try (InputStream in = Files.newInputStream(Path.of(context.getProperty("stats.bundle")))) {
                stats = context.installBundle("itest:stats", in);
            }
            stats.start();
            http.await("/stats/" + id, r -> r.statusCode() == 200, Duration.ofSeconds(10));
            assertTrue("the spec lists the plugin's endpoint", specHas("/stats"));
            assertTrue(specHas("/stats/{stream}"));
            long before = JSON.readTree(http.get("/stats/" + id).body()).path("packets").asLong();
            assertTrue("the plugin counted packets before the update: " + before, before > 0);

            // Update: the handler detaches and re-attaches; the stream is untouched.
            try (InputStream in = Files.newInputStream(Path.of(context.getProperty("stats.bundle")))) {
                stats.update(in);
            }
            long t0 = System.nanoTime();
            HttpResponse<String> after = http.await("/stats/" + id,
                    r -> r.statusCode() == 200 && packets(r) > 0, Duration.ofSeconds(10));
            long reattachMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue("re-attached after the update (" + reattachMs + " ms)", packets(after) > 0);
            assertEquals(StreamState.LIVE, publisher.stream().state());

            stats.uninstall();
            http.await("/stats", r -> r.statusCode() == 404, Duration.ofSeconds(10));
            assertFalse("the spec no longer lists it", specHas("/stats"));
            assertEquals("the stream survived install, update and removal", StreamState.LIVE, publisher.stream().state());
            JsonNode stream = JSON.readTree(http.get("/streams/" + id).body());
            assertEquals("live", stream.path("state").asText());
            List<String> handlers = new ArrayList<>();
            stream.path("handlers").forEach(h -> handlers.add(h.path("handler").asText()));
            assertEquals("only the test's own consumer is left", List.of("itest-watcher"), handlers);
        } finally {
            feeder.shutdownNow();
            feeder.awaitTermination(5, TimeUnit.SECONDS);
            publisher.end("test over");
        }
        assertTrue("the consumer saw the end", watcher.ended.await(10, TimeUnit.SECONDS));
        watching.unregister();
        assertEquals("no gap in what the consumer received: " + watcher.gaps, List.of(), watcher.gaps);
        assertEquals("the consumer received every packet sent through install, update and removal", sent.get(), watcher.received.get());
        assertEquals("ENDED: test over", watcher.end);
    }

    /** Counts what it receives and notes every gap in the sequence numbers. */
    static final class Watcher implements MediaHandler {
        final AtomicLong received = new AtomicLong();
        final List<String> gaps = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile String end;

        @Override
        public MediaSession attach(LiveStream stream) {
            return new MediaSession() {
                private long next;

                @Override
                public void onPacket(MediaPacket packet) {
                    if (packet.sequence() != next) gaps.add(next + ".." + (packet.sequence() - 1));
                    next = packet.sequence() + 1;
                    received.incrementAndGet();
                }

                @Override
                public void onEnd(StreamState state, String reason) {
                    end = state + ": " + reason;
                    ended.countDown();
                }
            };
        }
    }

    private static long packets(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).path("packets").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
