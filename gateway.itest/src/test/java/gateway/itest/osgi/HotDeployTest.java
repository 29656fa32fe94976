package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * A plugin installed, updated and removed at run time while a stream flows: its endpoints and its
 * OpenAPI paths follow it, the stream never drops, and its media handler re-attaches after an update.
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

        // A live stream, fed at real-time pace (one 20 ms Opus-sized packet every 20 ms).
        StreamPublisher publisher = registry.open(StreamSpec.of("itest", StreamFormat.OPUS_48K_STEREO));
        String id = publisher.stream().id();
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        feeder.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            publisher.send(n * 20_000, 20_000, ByteBuffer.wrap(new byte[160]));
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
            assertTrue(before > 0);

            stats.uninstall();
            http.await("/stats", r -> r.statusCode() == 404, Duration.ofSeconds(10));
            assertFalse("the spec no longer lists it", specHas("/stats"));
            assertEquals("the stream survived install, update and removal", StreamState.LIVE, publisher.stream().state());
            JsonNode stream = JSON.readTree(http.get("/streams/" + id).body());
            assertEquals("live", stream.path("state").asText());
            assertEquals(0, stream.path("handlers").size());
        } finally {
            feeder.shutdownNow();
            feeder.awaitTermination(5, TimeUnit.SECONDS);
            publisher.end("test over");
        }
        assertTrue("no packet refused", publisher.stream().counters().packets() >= sent.get() - 1);
    }

    private static long packets(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).path("packets").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
