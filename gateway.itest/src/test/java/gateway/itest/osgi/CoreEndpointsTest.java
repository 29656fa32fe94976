package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

/** The core endpoints in a Felix framework running the distribution's bundle set. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreEndpointsTest extends GatewayFrameworkTest {
    @Inject
    GatewayEvents events;

    @Test
    public void pingAnswers204WithNoStoreForGetAndHead() throws Exception {
        HttpResponse<String> get = http.get("/ping");
        assertEquals(204, get.statusCode());
        assertEquals("no-store", get.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("", get.body());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(http.uri("/ping"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build());
        assertEquals(204, head.statusCode());
        assertEquals("no-store", head.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    public void sseDeliversPublishedEventsAsDataOnlyJsonFrames() throws Exception {
        HttpResponse<InputStream> response = http.client().send(
                HttpRequest.newBuilder(http.uri("/sse")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.offer(line);
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        assertEquals(": connected", lines.poll(10, TimeUnit.SECONDS));

        String marker = UUID.randomUUID().toString();
        events.publish(GatewayEvent.now("itest-event", Map.of("marker", marker)));
        JsonNode frame = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (frame == null && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) continue;
            assertFalse("no named events: " + line, line.startsWith("event:"));
            if (line.startsWith("data:")) {
                JsonNode node = JSON.readTree(line.substring(5).trim());
                if ("itest-event".equals(node.path("type").asText())) frame = node;
            }
        }
        assertNotNull("the event arrived on /sse", frame);
        assertEquals(marker, frame.path("data").path("marker").asText());
        assertTrue(frame.path("createdAt").asText().endsWith("Z"));
        response.body().close();
    }

    @Test
    public void streamsListsAStreamWithCountersAndItsEnd() throws Exception {
        StreamPublisher publisher = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_STEREO, Map.of("title", "Test tone")));
        String id = publisher.stream().id();
        for (int i = 0; i < 10; i++) publisher.send(i * 20_000L, 20_000, ByteBuffer.wrap(new byte[100]));

        JsonNode stream = JSON.readTree(http.get("/streams/" + id).body());
        assertEquals("itest", stream.path("origin").asText());
        assertEquals("opus", stream.path("format").path("codec").asText());
        assertEquals("Test tone", stream.path("metadata").path("title").asText());
        assertEquals("live", stream.path("state").asText());
        assertEquals(10, stream.path("packets").asLong());
        assertEquals(1000, stream.path("bytes").asLong());

        publisher.end("source finished");
        JsonNode ended = JSON.readTree(http.get("/streams/" + id).body());
        assertEquals("ended", ended.path("state").asText());
        assertEquals("source finished", ended.path("reason").asText());

        HttpResponse<String> missing = http.get("/streams/no-such-stream");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, JSON.readTree(missing.body()).path("status").asInt());
    }

    @Test
    public void streamsShowsAHandlerWhoseAttachThrewWithItsReason() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MediaHandler.TARGET, "(metadata.itest=broken-handler)");
        props.put(MediaHandler.NAME, "itest-broken");
        AtomicReference<LiveStream> handed = new AtomicReference<>();
        ServiceRegistration<MediaHandler> broken = context.registerService(MediaHandler.class, stream -> {
            handed.set(stream);
            throw new java.io.IOException("no space left on device");
        }, props);
        StreamPublisher publisher = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_STEREO, Map.of("itest", "broken-handler")));
        try {
            String id = publisher.stream().id();
            HttpResponse<String> r = http.await("/streams/" + id,
                    x -> x.statusCode() == 200 && x.body().contains("\"failed\""), Duration.ofSeconds(10));
            JsonNode handler = JSON.readTree(r.body()).path("handlers").get(0);
            assertNotNull(r.body(), handler);
            assertEquals("itest-broken", handler.path("handler").asText());
            assertEquals("failed", handler.path("state").asText());
            assertTrue(handler.path("failed").asBoolean());
            assertEquals("attach failed: IOException: no space left on device", handler.path("reason").asText());
            assertEquals("the stream is not affected", "starting", JSON.readTree(r.body()).path("state").asText());
            assertFalse("the handler got a read-only stream, not its publisher", handed.get() instanceof StreamPublisher);
        } finally {
            broken.unregister();
            publisher.end("test over");
        }
    }

    @Test
    public void openApiListsTheEndpointsOfTheActiveBundles() throws Exception {
        HttpResponse<String> r = http.get("/openapi/openapi.json");
        assertEquals(200, r.statusCode());
        JsonNode spec = JSON.readTree(r.body());
        JsonNode paths = spec.path("paths");
        for (String p : new String[] {"/ping", "/sse", "/streams", "/streams/{id}", "/plugins", "/plugins/{id}", "/openapi/openapi.json"}) {
            assertTrue("spec lists " + p + ": " + paths, paths.has(p));
        }
        assertTrue(paths.path("/ping").has("head"));
        assertTrue(paths.path("/plugins").path("get").has("security"));
        assertFalse(paths.path("/ping").path("get").has("security"));
        assertTrue(paths.path("/sse").path("get").path("responses").path("200").path("content").has("text/event-stream"));
    }

    @Test
    public void pluginsListsBundlesWithStateAndReason() throws Exception {
        HttpResponse<String> r = http.get("/plugins");
        assertEquals(200, r.statusCode());
        JsonNode core = null;
        for (JsonNode p : JSON.readTree(r.body())) {
            if ("gateway.core".equals(p.path("symbolicName").asText())) core = p;
        }
        assertNotNull(core);
        assertEquals("active", core.path("state").asText());
        assertTrue(core.path("healthy").asBoolean());
        assertTrue(core.path("version").asText().startsWith(System.getProperty("gateway.version").replace("-SNAPSHOT", "")));

        // A bundle whose imports cannot be satisfied shows up unhealthy with the missing package.
        Bundle broken = context.installBundle("broken-plugin", BrokenBundle.jar());
        try {
            try {
                broken.start();
            } catch (org.osgi.framework.BundleException expected) {
                // cannot resolve
            }
            JsonNode view = JSON.readTree(http.get("/plugins/" + broken.getBundleId()).body());
            assertEquals("installed", view.path("state").asText());
            assertFalse(view.path("healthy").asBoolean());
            assertTrue(view.path("reason").asText(), view.path("reason").asText().contains("com.example.missing"));
        } finally {
            broken.uninstall();
        }
    }
}
