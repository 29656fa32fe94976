package gateway.core.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentState;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.core.internal.event.EventBus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.ServiceReference;

/**
 * Direct delivery ({@link MediaHandler#DIRECT_DELIVERY}): packets handed over on the publisher's thread while
 * nothing is pending, with the contract of queued delivery kept — one callback at a time, in order, nothing after
 * the final callback, and a session too slow for it sent back to its queue.
 */
@Timeout(60) // a regression that deadlocks fails instead of hanging the build
class DirectDeliveryTest {
    private final StreamTable table = new StreamTable(new EventBus());

    @AfterEach
    void stop() {
        table.deactivate();
    }

    private Attachment attachDirect(Publisher p, MediaSession session) {
        return table.attach(p.stream().id(), stream -> session, "direct", StreamTable.DEFAULT_QUEUE, true);
    }

    private static ByteBuffer bytes(int value) {
        return ByteBuffer.wrap(new byte[] {(byte) value, 1, 2});
    }

    /** Records each callback with the thread that made it, and whether two ever overlapped. */
    private static class ThreadRecordingSession extends RecordingSession {
        final List<Thread> packetThreads = new ArrayList<>();
        final AtomicBoolean overlapped = new AtomicBoolean();
        private final AtomicInteger inside = new AtomicInteger();

        @Override
        public void onPacket(MediaPacket packet) throws InterruptedException {
            enter();
            try {
                synchronized (this) {
                    packetThreads.add(Thread.currentThread());
                }
                super.onPacket(packet);
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public void onMetadata(Map<String, String> metadata) {
            enter();
            try {
                super.onMetadata(metadata);
            } finally {
                inside.decrementAndGet();
            }
        }

        private void enter() {
            if (inside.incrementAndGet() != 1) overlapped.set(true);
        }

        synchronized List<Thread> packetThreads() {
            return List.copyOf(packetThreads);
        }
    }

    @Test
    void packetsAreHandedOverOnThePublishersThreadInOrderAndTheEndComesAfterThem() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        ThreadRecordingSession session = new ThreadRecordingSession();
        Attachment a = attachDirect(p, session);
        for (int i = 0; i < 100; i++) p.send(i * 20_000L, 20_000, bytes(i));
        // nothing was pending at any send, so each packet was in the session's hands before send returned
        assertEquals(100, session.packets().size(), "delivered within send");
        assertTrue(session.packetThreads().stream().allMatch(t -> t == Thread.currentThread()),
                "every packet on the publisher's thread");
        p.end("done");
        assertEquals("ENDED:done", session.awaitEnd());
        List<String> calls = session.calls();
        assertEquals(101, calls.size());
        for (int i = 0; i < 100; i++) assertEquals("packet " + i, calls.get(i));
        assertEquals("ENDED:done", calls.get(100));
        assertEquals(100, a.info().delivered());
        assertEquals(AttachmentState.ENDED, a.info().state());
    }

    @Test
    void metadataKeepsItsPlaceAmongDirectPackets() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_MONO));
        ThreadRecordingSession session = new ThreadRecordingSession();
        attachDirect(p, session);
        for (int round = 0; round < 200; round++) {
            p.send(round, 0, bytes(0));
            p.updateMetadata(Map.of("round", Integer.toString(round)));
        }
        p.end("done");
        session.awaitEnd();
        List<String> calls = session.calls();
        assertEquals(401, calls.size(), calls.toString());
        for (int round = 0; round < 200; round++) {
            assertEquals("packet " + round, calls.get(2 * round));
            assertEquals("metadata {round=" + round + "}", calls.get(2 * round + 1));
        }
        assertFalse(session.overlapped.get(), "callbacks on the two threads never overlapped");
    }

    @Test
    void callbacksNeverOverlapAndNoneComesAfterTheFinalOne() throws Exception {
        for (int run = 0; run < 50; run++) {
            Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_MONO));
            ThreadRecordingSession session = new ThreadRecordingSession();
            Attachment a = attachDirect(p, session);
            CountDownLatch publishing = new CountDownLatch(1);
            Thread metadata = Thread.ofPlatform().start(() -> {
                publishing.countDown();
                for (int i = 0; i < 50; i++) p.updateMetadata(Map.of("i", Integer.toString(i)));
            });
            AtomicInteger sent = new AtomicInteger();
            Thread publisher = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    try {
                        p.send(i, 0, bytes(i));
                        sent.incrementAndGet();
                    } catch (IllegalStateException ended) {
                        return;
                    }
                }
            });
            publishing.await();
            if (run % 2 == 0) a.close(); else p.end("done");
            String end = session.awaitEnd();
            publisher.join();
            metadata.join();
            List<String> calls = session.calls();
            assertEquals(end, calls.get(calls.size() - 1), "the final callback is the last one: " + tail(calls));
            assertEquals(1, calls.stream().filter(c -> c.equals("detached") || c.startsWith("ENDED")).count());
            assertFalse(session.overlapped.get(), "callbacks overlapped in run " + run);
            long previous = -1;
            for (MediaPacket packet : session.packets()) {
                assertTrue(packet.sequence() > previous, "in order");
                previous = packet.sequence();
            }
            if (run % 2 == 1) {
                assertEquals(sent.get(), a.info().delivered() + a.info().dropped(), "an ended stream accounts for all it sent");
                assertEquals(a.info().delivered(), session.packets().size());
            }
            p.end("done");
        }
    }

    private static List<String> tail(List<String> calls) {
        return calls.subList(Math.max(0, calls.size() - 5), calls.size());
    }

    @Test
    void aSessionTooSlowForItGoesBackToItsQueueAndNoLongerHoldsThePublisher() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        long slowMillis = StreamRegistry.DIRECT_SLOW_MILLIS + 5;
        Thread publisher = Thread.currentThread();
        AtomicBoolean heldPublisher = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        RecordingSession slow = new RecordingSession() {
            @Override
            public void onPacket(MediaPacket packet) throws InterruptedException {
                if (packet.sequence() < StreamRegistry.DIRECT_SLOW_LIMIT) {
                    Thread.sleep(slowMillis);
                } else if (Thread.currentThread() == publisher) {
                    heldPublisher.set(true); // still direct: waiting here would hold the publisher
                } else {
                    held.countDown();
                    gate.await();
                }
                super.onPacket(packet);
            }
        };
        ThreadRecordingSession fast = new ThreadRecordingSession();
        attachDirect(p, slow);
        attachDirect(p, fast);
        for (int i = 0; i < StreamRegistry.DIRECT_SLOW_LIMIT; i++) p.send(i, 0, bytes(i));
        assertEquals(StreamRegistry.DIRECT_SLOW_LIMIT, slow.packets().size(), "the slow calls were made on the publisher's thread");

        // from now on the slow session's packets wait in its queue: hold its thread and the publisher goes on
        for (int i = StreamRegistry.DIRECT_SLOW_LIMIT; i < 100; i++) p.send(i, 0, bytes(i));
        assertFalse(heldPublisher.get(), "a packet after the slow ones went to the session on the publisher's thread");
        assertTrue(held.await(10, TimeUnit.SECONDS), "the slow session's own thread holds its next packet");
        assertEquals(100, fast.packets().size(), "the other session kept its direct delivery");
        assertTrue(fast.packetThreads().stream().allMatch(t -> t == Thread.currentThread()));
        gate.countDown();
        p.end("done");
        slow.awaitEnd();
        assertEquals(100, slow.packets().size());
        for (int i = 0; i < 100; i++) assertEquals(i, slow.packets().get(i).sequence());
    }

    @Test
    void aSessionThatThrowsIsMarkedFailedAndStillGetsItsFinalCallback() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Attachment bad = attachDirect(p, new MediaSession() {
            @Override
            public void onPacket(MediaPacket packet) {
                calls.incrementAndGet();
                throw new IllegalStateException("socket on fire");
            }

            @Override
            public void onEnd(StreamState state, String reason) {
                ended.countDown();
            }
        });
        RecordingSession good = new RecordingSession();
        attachDirect(p, good);
        for (int i = 0; i < 10; i++) p.send(i, 0, bytes(i));
        assertEquals(1, calls.get(), "nothing more after the failure");
        assertEquals(10, good.packets().size());
        p.end("done");
        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertEquals(AttachmentState.FAILED, bad.info().state());
        assertEquals("IllegalStateException: socket on fire", bad.info().reason());
    }

    @Test
    void aWhiteboardHandlerAsksForItWithItsServiceProperty() throws Exception {
        ThreadRecordingSession direct = new ThreadRecordingSession();
        ThreadRecordingSession queued = new ThreadRecordingSession();
        register(stream -> direct, "direct", "true");
        register(stream -> queued, "queued", "yes"); // not a yes/no flag: only true counts
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        awaitAttached(p, 2);
        for (int i = 0; i < 20; i++) p.send(i, 0, bytes(i));
        queued.awaitPackets(20);
        direct.awaitPackets(20);
        assertTrue(direct.packetThreads().stream().allMatch(t -> t == Thread.currentThread()));
        assertTrue(queued.packetThreads().stream().allMatch(t -> t != Thread.currentThread()));
        p.end("done");
        direct.awaitEnd();
        queued.awaitEnd();
    }

    @Test
    void onlyTrueAsksForIt() {
        assertTrue(StreamTable.directDelivery(Boolean.TRUE));
        assertTrue(StreamTable.directDelivery(" TRUE "));
        assertFalse(StreamTable.directDelivery(null));
        assertFalse(StreamTable.directDelivery(Boolean.FALSE));
        assertFalse(StreamTable.directDelivery("yes"));
        assertFalse(StreamTable.directDelivery(1));
        assertNotEquals(MediaHandler.QUEUE_CAPACITY, MediaHandler.DIRECT_DELIVERY);
    }

    private void awaitAttached(Publisher p, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RecordingSession.WAIT_SECONDS);
        while (table.attachments(p.stream().id()).stream().filter(a -> a.state() == AttachmentState.ATTACHED).count() < n) {
            assertTrue(System.nanoTime() < deadline, "attached: " + table.attachments(p.stream().id()));
            Thread.sleep(5);
        }
    }

    private void register(MediaHandler handler, String name, String direct) {
        ServiceReference<MediaHandler> ref = TestHandlers.reference(Map.of(MediaHandler.NAME, name,
                MediaHandler.DIRECT_DELIVERY, direct));
        table.addHandler(handler, ref);
    }
}
