package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The recorder bundle updated, and stopped and started, while two streams flow (one recorded because it
 * asks to be, one on request): no stream drops, recording resumes in a new file, and the index records
 * the gap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecorderHotSwapTest extends GatewayFrameworkTest {
    @Before
    public void waitForRecorder() throws Exception {
        http.await("/recordings", r -> r.statusCode() == 200, Duration.ofSeconds(20));
    }

    private StreamPublisher open(Map<String, String> metadata) {
        StreamPublisher p = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_MONO, metadata));
        p.setCodecHeaders(List.of(ByteBuffer.wrap(OpusHead.of(1, 312, 48_000).raw()),
                ByteBuffer.wrap(OpusTags.of("itest", List.of("title=hot swap")).raw())));
        return p;
    }

    private JsonNode current(String stream) throws Exception {
        JsonNode list = JSON.readTree(http.get("/recordings?stream=" + stream + "&state=recording").body()).path("recordings");
        return list.size() == 1 ? list.get(0) : null;
    }

    private JsonNode awaitNewRecording(String stream, String previousId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            JsonNode c = current(stream);
            if (c != null && !c.path("id").asText().equals(previousId) && c.path("durationMillis").asLong() > 0) return c;
            Thread.sleep(20);
        }
        throw new AssertionError("recording of " + stream + " did not resume");
    }

    @Test
    public void recordingResumesInANewFileWhenTheRecorderIsUpdatedOrRestarted() throws Exception {
        StreamPublisher auto = open(Map.of("record", "true"));
        StreamPublisher requested = open(Map.of());
        List<StreamPublisher> publishers = List.of(auto, requested);
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        byte[] packet = new byte[120];
        packet[0] = (byte) 0xF8; // TOC: CELT fullband 20 ms, mono, one frame
        feeder.scheduleAtFixedRate(() -> {
            long n = sent.getAndIncrement();
            for (StreamPublisher p : publishers) p.send(n * 20_000, 20_000, ByteBuffer.wrap(packet));
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            String autoId = auto.stream().id();
            String reqId = requested.stream().id();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(http.base + "/recordings"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"" + reqId + "\"}")).build());
            assertEquals(started.body(), 201, started.statusCode());
            JsonNode a0 = awaitNewRecording(autoId, null);
            JsonNode r0 = awaitNewRecording(reqId, null);
            Thread.sleep(1_000);

            Bundle recorder = null;
            for (Bundle b : context.getBundles()) if ("gateway.recorder".equals(b.getSymbolicName())) recorder = b;
            assertNotNull(recorder);

            List<String> figures = new ArrayList<>();
            for (String action : List.of("update", "stop-start")) {
                if (action.equals("update")) {
                    recorder.update();
                } else {
                    recorder.stop();
                    Thread.sleep(300);
                    recorder.start();
                }
                long t0 = System.nanoTime();
                JsonNode a1 = awaitNewRecording(autoId, a0.path("id").asText());
                JsonNode r1 = awaitNewRecording(reqId, r0.path("id").asText());
                long resumedMs = (System.nanoTime() - t0) / 1_000_000;
                for (JsonNode[] pair : new JsonNode[][] {{a0, a1}, {r0, r1}}) {
                    JsonNode before = JSON.readTree(http.get("/recordings/" + pair[0].path("id").asText()).body());
                    assertEquals(before.toString(), "interrupted", before.path("state").asText());
                    assertEquals("recorder stopped", before.path("reason").asText());
                    assertEquals("the new file continues the interrupted one", pair[0].path("id").asText(), pair[1].path("previous").asText());
                    long gap = pair[1].path("gapMillis").asLong(-1);
                    assertTrue("gap recorded (printed below, not asserted tightly): " + gap, gap >= 0 && gap < 5_000);
                    assertEquals(pair[0].path("mode").asText(), pair[1].path("mode").asText());
                    figures.add(action + " " + pair[1].path("mode").asText() + ": gap " + gap + " ms");
                }
                figures.add(action + ": recording on both streams again " + resumedMs + " ms after the bundle was back");
                assertEquals(StreamState.LIVE, auto.stream().state());
                assertEquals(StreamState.LIVE, requested.stream().state());
                a0 = a1;
                r0 = r1;
            }
            System.out.println("[recorder hot swap] " + String.join("; ", figures));

            // an operator's stop sticks: a recorder restart does not record that stream again
            HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(http.base + "/recordings/" + a0.path("id").asText() + "/stop"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(stopped.body(), 200, stopped.statusCode());
            recorder.stop();
            recorder.start();
            awaitNewRecording(reqId, r0.path("id").asText());
            Thread.sleep(500);
            assertEquals("the stopped stream stays unrecorded", null, current(autoId));
        } finally {
            feeder.shutdownNow();
            feeder.awaitTermination(5, TimeUnit.SECONDS);
            auto.end("test over");
            requested.end("test over");
        }
        assertTrue("no packet refused", auto.stream().counters().packets() >= sent.get() - 1);
        Thread.sleep(500);
        JsonNode last = JSON.readTree(http.get("/recordings?stream=" + auto.stream().id()).body()).path("recordings").get(0);
        assertEquals("complete", last.path("state").asText());
    }
}
