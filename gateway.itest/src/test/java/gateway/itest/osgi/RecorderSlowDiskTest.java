package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.recording.RecordingStorage;
import gateway.api.recording.StorageReader;
import gateway.api.recording.StorageWriter;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamSpec;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A storage plugin whose every write takes 300 ms (a dying disk): the stream it records is fed at real time
 * and never waits for it, while the recording falls behind in its own queue. Also shows that a storage plugin
 * is chosen by configuration alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecorderSlowDiskTest extends GatewayFrameworkTest {
    @Inject
    ConfigurationAdmin configAdmin;

    private final SlowStorage slow = new SlowStorage();
    private ServiceRegistration<RecordingStorage> reg;
    private org.osgi.service.cm.Configuration cfg;
    private final List<StreamPublisher> opened = new ArrayList<>();

    /** Registers the slow storage and configures the recorder to write there, a page (so a write) per packet. */
    @Before
    public void useTheSlowStorage() throws Exception {
        http.await("/recordings", r -> r.statusCode() == 200, Duration.ofSeconds(20));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(RecordingStorage.NAME, "slow");
        reg = context.registerService(RecordingStorage.class, slow, props);
        cfg = configAdmin.getConfiguration("gateway.recorder", "?");
        Hashtable<String, Object> settings = new Hashtable<>();
        settings.put("storage.target", "(gateway.recording.storage=slow)");
        settings.put("pageDuration", "20ms");
        cfg.update(settings);
        awaitRecorderUsing(reg, true); // the recorder restarts with the new storage
        http.await("/recordings", r -> r.statusCode() == 200, Duration.ofSeconds(20));
    }

    @After
    public void backToTheFileStorage() throws Exception {
        slow.delayMillis = 0; // the backlog drains at once
        opened.forEach(p -> p.end("test over"));
        cfg.delete();
        awaitRecorderUsing(reg, false); // back on the file storage before the slow one goes away
        reg.unregister();
    }

    private StreamPublisher open(Map<String, String> metadata) {
        StreamPublisher p = registry.open(new StreamSpec("itest", StreamFormat.OPUS_48K_MONO, metadata));
        p.setCodecHeaders(List.of(ByteBuffer.wrap(OpusHead.of(1, 312, 48_000).raw()),
                ByteBuffer.wrap(OpusTags.of("itest", List.of()).raw())));
        opened.add(p);
        return p;
    }

    /** The recorder's attachment on a stream, from {@code /streams/{id}}. */
    private JsonNode recorderAttachment(String streamId) throws Exception {
        JsonNode stream = JSON.readTree(http.get("/streams/" + streamId).body());
        for (JsonNode h : stream.path("handlers")) if (h.path("handler").asText().contains("recorder")) return h;
        return null;
    }

    /** In memory, 300 ms per write (until the test is over). */
    static final class SlowStorage implements RecordingStorage {
        final Map<String, ByteArrayOutputStream> objects = new ConcurrentHashMap<>();
        final AtomicLong writes = new AtomicLong();
        volatile long delayMillis = 300;

        @Override
        public StorageWriter create(String name) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            objects.put(name, o);
            return writer(o);
        }

        @Override
        public StorageWriter append(String name) throws IOException {
            ByteArrayOutputStream o = objects.get(name);
            if (o == null) throw new NoSuchFileException(name);
            return writer(o);
        }

        private StorageWriter writer(ByteArrayOutputStream o) {
            return new StorageWriter() {
                @Override
                public void write(ByteBuffer data) throws IOException {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        throw new IOException("interrupted");
                    }
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    synchronized (o) {
                        o.writeBytes(b);
                    }
                    writes.incrementAndGet();
                }

                @Override
                public long size() {
                    return o.size();
                }

                @Override
                public void sync() {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public StorageReader open(String name) throws IOException {
            ByteArrayOutputStream o = objects.get(name);
            if (o == null) throw new NoSuchFileException(name);
            byte[] bytes = o.toByteArray();
            return new StorageReader() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public int read(long position, ByteBuffer dst) {
                    if (position >= bytes.length) return -1;
                    int n = (int) Math.min(dst.remaining(), bytes.length - position);
                    dst.put(bytes, (int) position, n);
                    return n;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void truncate(String name, long length) {
        }

        @Override
        public boolean delete(String name) {
            return objects.remove(name) != null;
        }
    }

    /** Waits until the recorder bundle uses (or no longer uses) the storage service: configuration applied. */
    private static void awaitRecorderUsing(ServiceRegistration<RecordingStorage> reg, boolean using) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Bundle[] users = reg.getReference().getUsingBundles();
            boolean recorder = users != null && Arrays.stream(users).anyMatch(b -> "gateway.recorder".equals(b.getSymbolicName()));
            if (recorder == using) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the recorder " + (using ? "did not take up" : "kept") + " the slow storage within 20 s");
    }

    @Test
    public void aSlowStorageNeverSlowsTheStream() throws Exception {
        StreamPublisher p = open(Map.of("record", "true"));
        byte[] packet = new byte[120];
        packet[0] = (byte) 0xF8;
        long worstSendNanos = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 150; i++) { // 3 s at real time
            long t0 = System.nanoTime();
            p.send(i * 20_000L, 20_000, ByteBuffer.wrap(packet));
            worstSendNanos = Math.max(worstSendNanos, System.nanoTime() - t0);
            long next = start + (i + 1) * 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing: 20 ms packets at real time
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        String id = p.stream().id();
        JsonNode stream = JSON.readTree(http.get("/streams/" + id).body());
        JsonNode recorder = recorderAttachment(id);
        System.out.println("[slow disk] 150 packets in " + elapsedMs + " ms, slowest send " + worstSendNanos / 1000
                + " us; storage writes so far " + slow.writes.get() + "; recorder attachment " + recorder);
        assertTrue("the publisher never waited for the disk: slowest send " + worstSendNanos / 1000 + " us",
                worstSendNanos < 50_000_000L);
        assertTrue("3 s of packets went out at real time: " + elapsedMs + " ms", elapsedMs < 3_500);
        assertTrue("the recording is behind: " + slow.writes.get() + " writes", slow.writes.get() < 60);
        assertEquals(150, stream.path("packets").asLong());
        JsonNode rec = JSON.readTree(http.get("/recordings?stream=" + id).body()).path("recordings").get(0);
        assertEquals("slow", rec.path("storage").asText());
        assertEquals("recording", rec.path("state").asText());
    }

    /**
     * A recording on request queues as much as an automatic one ({@code queue}, 3000 packets = 60 s): a burst of
     * 1000 packets while the disk takes 300 ms per packet loses none (the registry's default of 500 would lose half).
     */
    @Test
    public void aRecordingOnRequestGetsTheConfiguredQueue() throws Exception {
        StreamPublisher p = open(Map.of());
        String id = p.stream().id();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(http.uri("/recordings")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":\"" + id + "\"}")).build());
        assertEquals(started.body(), 201, started.statusCode());
        byte[] packet = new byte[120];
        packet[0] = (byte) 0xF8;
        for (int i = 0; i < 1000; i++) p.send(i * 20_000L, 20_000, ByteBuffer.wrap(packet));
        JsonNode recorder = recorderAttachment(id);
        System.out.println("[slow disk] 1000 packets at once to a recording on request: " + recorder + "; storage writes so far "
                + slow.writes.get());
        assertTrue("the recorder is attached: " + recorder, recorder != null);
        assertTrue("the disk is behind: " + slow.writes.get() + " writes", slow.writes.get() < 100);
        assertEquals("packets dropped by the recorder's queue: " + recorder, 0, recorder.path("dropped").asLong());
    }
}
