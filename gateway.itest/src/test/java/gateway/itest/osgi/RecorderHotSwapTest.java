package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
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
 * the gap. Every packet carries its sequence number, so the files are checked packet by packet: each is an
 * unbroken run of the stream, and the packets missing between two files are the gap the index states.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecorderHotSwapTest extends GatewayFrameworkTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How far the stated gap may be from the missing packets' duration: the two files' queue delays differ. */
    private static final long GAP_TOLERANCE_MILLIS = 300;

    /** Packets sent to each stream so far; packet n has timestamp n * 20 ms and n in bytes 1-4. */
    private final AtomicLong sent = new AtomicLong();

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

    private static byte[] packet(long n) {
        byte[] p = new byte[120];
        p[0] = (byte) 0xF8; // TOC: CELT fullband 20 ms, mono, one frame
        ByteBuffer.wrap(p, 1, 4).putInt((int) n);
        return p;
    }

    private static long sequence(byte[] packet) {
        return ByteBuffer.wrap(packet, 1, 4).getInt();
    }

    private List<JsonNode> recordings(String stream) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(http.get("/recordings?stream=" + stream).body()).path("recordings").forEach(out::add);
        return out;
    }

    private JsonNode current(String stream) throws Exception {
        JsonNode list = JSON.readTree(http.get("/recordings?stream=" + stream + "&state=recording").body()).path("recordings");
        return list.size() == 1 ? list.get(0) : null;
    }

    /** Waits for a recording of the stream other than {@code previousId} that holds at least {@code millis} of audio. */
    private JsonNode awaitRecording(String stream, String previousId, long millis) throws Exception {
        return await("a recording of " + stream + " after " + previousId, () -> {
            JsonNode c = current(stream);
            return c != null && !c.path("id").asText().equals(previousId) && c.path("durationMillis").asLong() >= millis ? c : null;
        });
    }

    /** Waits until the feeder has sent {@code n} packets to each stream. */
    private void awaitSent(long n) throws Exception {
        await(n + " packets sent", () -> sent.get() >= n ? true : null);
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) return value;
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s");
    }

    @Test
    public void recordingResumesInANewFileWhenTheRecorderIsUpdatedOrRestarted() throws Exception {
        StreamPublisher auto = open(Map.of("record", "true"));
        StreamPublisher requested = open(Map.of());
        List<StreamPublisher> publishers = List.of(auto, requested);
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        feeder.scheduleAtFixedRate(() -> {
            long n = sent.get();
            for (StreamPublisher p : publishers) p.send(n * 20_000, 20_000, ByteBuffer.wrap(packet(n)));
            sent.incrementAndGet();
        }, 0, 20, TimeUnit.MILLISECONDS);
        String autoId = auto.stream().id();
        String reqId = requested.stream().id();
        List<String> figures = new ArrayList<>();
        try {
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(http.base + "/recordings"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"" + reqId + "\"}")).build());
            assertEquals(started.body(), 201, started.statusCode());
            JsonNode a0 = awaitRecording(autoId, null, 1_000);
            JsonNode r0 = awaitRecording(reqId, null, 1_000);

            Bundle recorder = null;
            for (Bundle b : context.getBundles()) if ("gateway.recorder".equals(b.getSymbolicName())) recorder = b;
            assertNotNull(recorder);

            for (String action : List.of("update", "stop-start")) {
                if (action.equals("update")) {
                    recorder.update();
                } else {
                    recorder.stop();
                    awaitSent(sent.get() + 15); // 300 ms of the streams go by unrecorded
                    recorder.start();
                }
                long t0 = System.nanoTime();
                JsonNode a1 = awaitRecording(autoId, a0.path("id").asText(), 1);
                JsonNode r1 = awaitRecording(reqId, r0.path("id").asText(), 1);
                figures.add(action + ": recording on both streams again " + (System.nanoTime() - t0) / 1_000_000 + " ms after the bundle was back");
                for (JsonNode[] pair : new JsonNode[][] {{a0, a1}, {r0, r1}}) {
                    JsonNode before = JSON.readTree(http.get("/recordings/" + pair[0].path("id").asText()).body());
                    assertEquals(before.toString(), "interrupted", before.path("state").asText());
                    assertEquals("recorder stopped", before.path("reason").asText());
                    assertEquals("the new file continues the interrupted one", pair[0].path("id").asText(), pair[1].path("previous").asText());
                    assertEquals(pair[0].path("mode").asText(), pair[1].path("mode").asText());
                }
                assertEquals(StreamState.LIVE, auto.stream().state());
                assertEquals(StreamState.LIVE, requested.stream().state());
                a0 = awaitRecording(autoId, null, a1.path("durationMillis").asLong() + 500);
                r0 = awaitRecording(reqId, null, r1.path("durationMillis").asLong() + 500);
            }

            // an operator's stop sticks: a recorder restart does not record that stream again
            HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(http.base + "/recordings/" + a0.path("id").asText() + "/stop"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(stopped.body(), 200, stopped.statusCode());
            recorder.stop();
            recorder.start();
            awaitRecording(reqId, r0.path("id").asText(), 1);
            awaitSent(sent.get() + 50); // a second of packets, which a recording of the stopped stream would hold by now
            assertNull("the stopped stream stays unrecorded", current(autoId));
        } finally {
            feeder.shutdownNow();
            feeder.awaitTermination(5, TimeUnit.SECONDS);
            auto.end("test over");
            requested.end("test over");
        }

        // what the recorder wrote, packet by packet
        figures.add("auto: " + checkFiles(autoId, 3, "stopped by request"));
        figures.add("request: " + checkFiles(reqId, 4, "stream ended: test over"));
        System.out.println("[recorder hot swap] " + String.join("; ", figures));
    }

    /**
     * Checks a stream's files once all are finished: a chain through {@code previous}, each an unbroken run of the
     * stream's packets, the packets between two files missing from both and matching the stated gap, every file
     * but the last interrupted by the recorder stopping.
     *
     * @return the gaps, stated and as missing packets
     */
    private String checkFiles(String stream, int count, String lastReason) throws Exception {
        Predicate<List<JsonNode>> finished = l -> l.size() == count && l.stream().noneMatch(r -> r.path("state").asText().equals("recording"));
        List<JsonNode> files = await(count + " finished recordings of " + stream, () -> {
            List<JsonNode> l = recordings(stream);
            return finished.test(l) ? l : null;
        });
        files = new ArrayList<>(files);
        files.sort(Comparator.comparing((JsonNode r) -> java.time.Instant.parse(r.path("start").asText())));
        List<String> gaps = new ArrayList<>();
        long lastSeq = -1;
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            String id = f.path("id").asText();
            List<byte[]> packets = audioPackets(id);
            assertEquals(id + ": packets in the index and in the file", f.path("packets").asLong(), packets.size());
            assertTrue(id + " holds audio", packets.size() > 0);
            long first = sequence(packets.get(0));
            for (int k = 1; k < packets.size(); k++) {
                assertEquals(id + ": an unbroken run of the stream's packets", first + k, sequence(packets.get(k)));
            }
            if (i == 0) {
                assertTrue(f.path("previous").isNull());
            } else {
                assertEquals(files.get(i - 1).path("id").asText(), f.path("previous").asText());
                long missing = first - lastSeq - 1;
                long gap = f.path("gapMillis").asLong(-1);
                assertTrue(id + ": no packet twice, none out of order (" + missing + ")", missing >= 0);
                assertTrue(id + ": gap " + gap + " ms for " + missing + " missing packets",
                        gap >= 0 && Math.abs(gap - missing * 20) <= GAP_TOLERANCE_MILLIS);
                gaps.add(gap + " ms (" + missing + " packets)");
            }
            if (i < files.size() - 1) {
                assertEquals(f.toString(), "interrupted", f.path("state").asText());
                assertEquals("recorder stopped", f.path("reason").asText());
            } else {
                assertEquals(f.toString(), "complete", f.path("state").asText());
                assertEquals(lastReason, f.path("reason").asText());
            }
            lastSeq = first + packets.size() - 1;
        }
        return "gaps " + String.join(", ", gaps);
    }

    private List<byte[]> audioPackets(String id) throws Exception {
        HttpResponse<byte[]> r = http.client().send(HttpRequest.newBuilder(http.uri("/recordings/" + id + "/audio")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        List<byte[]> packets = new ArrayList<>();
        OpusDemuxer demuxer = new OpusDemuxer(new OpusDemuxer.Listener() {
            @Override
            public void onHeaders(OpusHead head, OpusTags tags) {
            }

            @Override
            public void onPacket(long timestampMicros, long durationMicros, byte[] packet) {
                packets.add(packet);
            }
        });
        for (OggPage page : new OggPageReader().feed(r.body(), 0, r.body().length)) demuxer.accept(page);
        return packets;
    }
}
