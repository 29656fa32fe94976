package gateway.core.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.event.GatewayEvent;
import gateway.api.stream.Attachment;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaHandlerException;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamNotFoundException;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.core.internal.event.EventBus;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamTableTest {
    private final EventBus bus = new EventBus();
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private final StreamTable table;

    StreamTableTest() {
        bus.subscribe(events::add);
        table = new StreamTable(bus);
    }

    @AfterEach
    void stop() {
        table.deactivate();
    }

    /** Records what a session receives, and lets a test hold the session's thread. */
    static final class RecordingSession implements MediaSession {
        final List<MediaPacket> packets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final CountDownLatch finished = new CountDownLatch(1);
        volatile String end;
        volatile CountDownLatch gate;

        @Override
        public void onPacket(MediaPacket packet) throws InterruptedException {
            if (gate != null) gate.await();
            packets.add(packet);
        }

        @Override
        public void onEnd(StreamState state, String reason) {
            end = state + ":" + reason;
            finished.countDown();
        }

        @Override
        public void onDetached() {
            end = "detached";
            finished.countDown();
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size && System.nanoTime() < deadline) Thread.sleep(1);
    }

    private static ByteBuffer bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    @Test
    void deliversPacketsInOrderWithCopiedPayloadsThenTheEnd() throws Exception {
        RegisteredStream s = table.open(new StreamSpec("test", StreamFormat.OPUS_48K_STEREO, Map.of("title", "t")));
        RecordingSession session = new RecordingSession();
        table.attach(s.id(), stream -> session, "rec");

        ByteBuffer reused = ByteBuffer.allocate(10);
        for (int i = 0; i < 100; i++) {
            reused.clear();
            reused.put(bytes(10, i)).flip();
            s.send(i * 20_000L, 20_000, reused);
        }
        s.end("done");
        assertTrue(session.finished.await(5, TimeUnit.SECONDS));
        assertEquals(100, session.packets.size());
        for (int i = 0; i < 100; i++) {
            MediaPacket p = session.packets.get(i);
            assertEquals(i, p.sequence());
            assertEquals(i * 20_000L, p.timestampMicros());
            assertEquals((byte) i, p.payload().get(0), "payload copied, not shared with the publisher's buffer");
            assertTrue(p.payload().isReadOnly());
        }
        assertEquals("ENDED:done", session.end);
        assertEquals(StreamState.ENDED, s.state());
        assertEquals(100, s.counters().packets());
        assertEquals(1000, s.counters().bytes());
        assertThrows(IllegalStateException.class, () -> s.send(0, 0, bytes(1, 0)));
    }

    @Test
    void aSlowHandlerLosesPacketsButNeverBlocksThePublisher() throws Exception {
        RegisteredStream s = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession slow = new RecordingSession();
        slow.gate = new CountDownLatch(1);
        RecordingSession fast = new RecordingSession();
        Attachment slowAttachment = table.attach(s.id(), stream -> slow, "slow");
        table.attach(s.id(), stream -> fast, "fast");

        long t0 = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            s.send(i * 20_000L, 20_000, bytes(50, 1));
            if (i % 100 == 99) awaitSize(fast.packets, i + 1); // bursts of 2 s of audio, then let the healthy one catch up
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(elapsedMs < 2_000, "publisher not held up by the blocked handler: " + elapsedMs + " ms");
        assertTrue(slowAttachment.info().dropped() >= 5_000 - StreamTable.DEFAULT_QUEUE - 1);

        slow.gate.countDown();
        s.end("done");
        assertTrue(fast.finished.await(10, TimeUnit.SECONDS));
        assertTrue(slow.finished.await(10, TimeUnit.SECONDS));
        assertEquals(5_000, fast.packets.size(), "the fast handler got everything");
        assertTrue(slow.packets.size() <= StreamTable.DEFAULT_QUEUE + 1);
    }

    @Test
    void aFailingSessionIsMarkedFailedAndOthersGoOn() throws Exception {
        RegisteredStream s = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        CountDownLatch ended = new CountDownLatch(1);
        Attachment bad = table.attach(s.id(), stream -> new MediaSession() {
            @Override
            public void onPacket(MediaPacket packet) {
                throw new IllegalStateException("disk on fire");
            }

            @Override
            public void onEnd(StreamState state, String reason) {
                ended.countDown();
            }
        }, "bad");
        RecordingSession good = new RecordingSession();
        table.attach(s.id(), stream -> good, "good");
        for (int i = 0; i < 10; i++) s.send(i, 0, bytes(5, 0));
        s.end("done");
        assertTrue(ended.await(5, TimeUnit.SECONDS), "a failed session still gets its final callback");
        assertTrue(good.finished.await(5, TimeUnit.SECONDS));
        assertEquals(10, good.packets.size());
        assertTrue(bad.info().failed());
        assertTrue(bad.info().reason().contains("disk on fire"));
    }

    @Test
    void detachingEndsTheSessionWhileTheStreamGoesOn() throws Exception {
        RegisteredStream s = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession();
        Attachment a = table.attach(s.id(), stream -> session, "rec");
        s.send(0, 0, bytes(5, 0));
        a.close();
        assertTrue(session.finished.await(5, TimeUnit.SECONDS));
        assertEquals("detached", session.end);
        assertEquals(StreamState.LIVE, s.state());
        assertTrue(table.attachments(s.id()).isEmpty());
    }

    @Test
    void refusesUnknownStreamsAndDecliningHandlers() {
        assertThrows(StreamNotFoundException.class, () -> table.attach("nope", stream -> new RecordingSession(), "x"));
        RegisteredStream s = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        MediaHandler declines = stream -> null;
        assertThrows(MediaHandlerException.class, () -> table.attach(s.id(), declines, "x"));
        MediaHandler throwing = stream -> {
            throw new java.io.IOException("no space");
        };
        MediaHandlerException e = assertThrows(MediaHandlerException.class, () -> table.attach(s.id(), throwing, "x"));
        assertTrue(e.getMessage().contains("no space"));
    }

    @Test
    void announcesOpenMetadataAndEndAsEvents() throws Exception {
        RegisteredStream s = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_MONO));
        s.updateMetadata(Map.of("title", "Morning show"));
        s.fail("caller timed out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (events.size() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(List.of("stream-opened", "stream-metadata", "stream-ended"), events.stream().map(GatewayEvent::type).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> ended = (Map<String, Object>) events.get(2).data();
        assertEquals("failed", ended.get("state"));
        assertEquals("caller timed out", ended.get("reason"));
        LiveStream found = table.find(s.id()).orElseThrow();
        assertEquals("Morning show", found.metadata().get("title"));
        assertEquals("caller timed out", found.reason().orElseThrow());
    }
}
