package gateway.core.internal.stream;

import static gateway.core.internal.stream.StreamTableTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.AttachmentState;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.core.internal.event.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.ServiceReference;

/** The media handler whiteboard: who calls attach and when, exactly once, failures shown, bounded detach. */
@Timeout(60) // a regression that deadlocks fails instead of hanging the build
class WhiteboardTest {
    private final StreamTable table = new StreamTable(new EventBus());

    @AfterEach
    void stop() {
        table.deactivate();
    }

    private ServiceReference<MediaHandler> register(MediaHandler handler, String name) {
        ServiceReference<MediaHandler> ref = TestHandlers.reference(Map.of(MediaHandler.NAME, name));
        table.addHandler(handler, ref);
        return ref;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aHandlerThatBlocksInAttachDelaysOnlyItself() throws Exception {
        Map<String, RecordingSession> slowSessions = new ConcurrentHashMap<>();
        Map<String, Thread> attachThreads = new ConcurrentHashMap<>();
        register(stream -> {
            attachThreads.put(stream.id(), Thread.currentThread());
            Thread.sleep(2_000); // a handler that opens a file on a dying disk
            RecordingSession s = new RecordingSession();
            slowSessions.put(stream.id(), s);
            return s;
        }, "slow");
        Map<String, RecordingSession> fastSessions = new ConcurrentHashMap<>();
        register(stream -> {
            RecordingSession s = new RecordingSession();
            fastSessions.put(stream.id(), s);
            return s;
        }, "fast");

        // while the slow handler sits in attach for each of them, three streams open, publish and (two) end
        long t0 = System.nanoTime();
        List<Publisher> publishers = new ArrayList<>();
        List<Long> openMillis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            publishers.add(table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO)));
            openMillis.add(millisSince(t));
        }
        long sendStart = System.nanoTime();
        for (int n = 0; n < 50; n++) {
            for (Publisher p : publishers) p.send(n * 20_000L, 20_000, bytes(40, n));
        }
        long sendMillis = millisSince(sendStart);
        for (Publisher p : publishers.subList(1, 3)) {
            String id = p.stream().id();
            waitFor(() -> fastSessions.containsKey(id), "the fast handler attached");
            fastSessions.get(id).awaitPackets(50); // the other handler is not held up
        }
        long endStart = System.nanoTime();
        publishers.get(1).end("done");
        publishers.get(2).end("done");
        long endMillis = millisSince(endStart);
        long allMillis = millisSince(t0);
        for (Publisher p : publishers.subList(1, 3)) assertEquals("ENDED:done", fastSessions.get(p.stream().id()).awaitEnd());
        long othersDoneMillis = millisSince(t0);

        assertTrue(openMillis.stream().allMatch(ms -> ms < 500), "open() never waited for the slow attach: " + openMillis + " ms");
        assertTrue(sendMillis < 500, "150 sends in " + sendMillis + " ms");
        assertTrue(endMillis < 500, "two ends in " + endMillis + " ms");
        assertTrue(allMillis < 1_500, "open, publish and end of three streams took " + allMillis + " ms, less than one slow attach");
        assertTrue(slowSessions.isEmpty(), "the fast handler had everything (in " + othersDoneMillis
                + " ms) while the slow handler was still attaching");
        String live = publishers.get(0).stream().id();
        AttachmentInfo attaching = info(live, "slow");
        assertEquals(AttachmentState.ATTACHING, attaching.state(), "shown while its attach runs");
        assertEquals(0, attaching.delivered());
        assertEquals(0, attaching.dropped(), "its packets wait in its queue");

        // afterwards the slow handler receives each stream from its first packet, and the end of the ended ones
        for (Publisher p : publishers) {
            String id = p.stream().id();
            waitFor(() -> slowSessions.containsKey(id), "the slow attach returned");
            slowSessions.get(id).awaitPackets(50);
            assertEquals(0, slowSessions.get(id).packets().get(0).sequence());
        }
        for (Publisher p : publishers.subList(1, 3)) assertEquals("ENDED:done", slowSessions.get(p.stream().id()).awaitEnd());
        assertEquals(AttachmentState.ATTACHED, info(live, "slow").state());
        assertEquals(3, attachThreads.size());
        attachThreads.values().forEach(t -> assertTrue(t.isVirtual() && t.getName().startsWith("media-slow-"),
                "attach ran on the attachment's own thread: " + t));
        publishers.get(0).end("done");
    }

    private AttachmentInfo info(String streamId, String handler) {
        return table.attachments(streamId).stream().filter(a -> a.handler().equals(handler)).findFirst()
                .orElseThrow(() -> new AssertionError(handler + " is not listed on " + streamId + ": " + table.attachments(streamId)));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RecordingSession.WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + RecordingSession.WAIT_SECONDS + " s: " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void eachStreamIsOfferedOnceToEachHandlerHoweverOpenAndRegistrationInterleave() throws Exception {
        for (int round = 0; round < 50; round++) {
            Map<String, AtomicInteger> offers = new ConcurrentHashMap<>();
            MediaHandler counting = stream -> {
                offers.computeIfAbsent(stream.id(), k -> new AtomicInteger()).incrementAndGet();
                return packet -> { };
            };
            List<Publisher> opened = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            Thread opener = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 20; i++) opened.add(table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO)));
            });
            ServiceReference<MediaHandler> ref = TestHandlers.reference(Map.of(MediaHandler.NAME, "counting"));
            go.countDown();
            table.addHandler(counting, ref);
            opener.join();
            for (Publisher p : opened) {
                waitFor(() -> offers.containsKey(p.stream().id()), "stream offered");
            }
            table.removeHandler(counting, ref); // waits for every attachment thread: no offer is still on its way
            for (Publisher p : opened) {
                assertEquals(1, offers.get(p.stream().id()).get(), "offered exactly once in round " + round);
                p.end("round over");
            }
        }
    }

    @Test
    void aThrowingAttachIsListedAsFailedWithItsReasonAndADeclineIsNotListed() throws Exception {
        CountDownLatch attempted = new CountDownLatch(2);
        register(stream -> {
            attempted.countDown();
            throw new java.io.IOException("no space left on device");
        }, "broken");
        register(stream -> {
            attempted.countDown();
            return null;
        }, "picky");
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        assertTrue(attempted.await(10, TimeUnit.SECONDS));
        String id = p.stream().id();
        waitFor(() -> table.attachments(id).size() == 1 && table.attachments(id).get(0).failed(), "the failure is listed alone");
        AttachmentInfo broken = table.attachments(id).get(0);
        assertEquals("broken", broken.handler());
        assertEquals(AttachmentState.FAILED, broken.state());
        assertEquals("attach failed: IOException: no space left on device", broken.reason());
        p.send(0, 0, bytes(3, 0));
        assertEquals(0, info(id, "broken").delivered() + info(id, "broken").dropped(), "nothing is queued for it");
        p.end("done");
        assertEquals(AttachmentState.FAILED, info(id, "broken").state(), "still shown, failed, after the end");
    }

    @Test
    void unregisteringWaitsForTheSessionsOnDetached() throws Exception {
        AtomicLong detachedAt = new AtomicLong();
        AtomicInteger callbacksAfterwards = new AtomicInteger();
        AtomicLong unregisteredAt = new AtomicLong(Long.MAX_VALUE);
        List<RecordingSession> sessions = java.util.Collections.synchronizedList(new ArrayList<>());
        ServiceReference<MediaHandler> ref = register(stream -> {
            RecordingSession s = new RecordingSession() {
                @Override
                public void onDetached() {
                    try {
                        Thread.sleep(300); // finishing a file
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    detachedAt.set(System.nanoTime());
                    super.onDetached();
                }

                @Override
                public void onPacket(MediaPacket packet) throws InterruptedException {
                    if (System.nanoTime() > unregisteredAt.get()) callbacksAfterwards.incrementAndGet();
                    super.onPacket(packet);
                }
            };
            sessions.add(s);
            return s;
        }, "slow-detach");
        Publisher a = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        Publisher b = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        waitFor(() -> sessions.size() == 2, "attached to both");
        Thread feeder = Thread.ofPlatform().start(() -> {
            for (int n = 0; !Thread.currentThread().isInterrupted(); n++) {
                a.send(n, 0, bytes(10, n));
                b.send(n, 0, bytes(10, n));
                try {
                    Thread.sleep(1); // paced like a live source
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sessions.get(0).awaitPackets(20);
        long t0 = System.nanoTime();
        table.removeHandler(null, ref);
        unregisteredAt.set(System.nanoTime());
        long tookMillis = millisSince(t0);
        assertTrue(detachedAt.get() != 0 && detachedAt.get() <= unregisteredAt.get(), "onDetached had returned when unregistering returned");
        for (RecordingSession s : sessions) assertEquals("detached", s.end());
        assertTrue(tookMillis >= 290 && tookMillis < 3_000, "waited for both (in parallel): " + tookMillis + " ms");
        assertTrue(table.attachments(a.stream().id()).isEmpty());
        int sizeAfter = sessions.get(0).packets().size();
        long sentAfter = a.stream().counters().packets();
        waitFor(() -> a.stream().counters().packets() > sentAfter + 50, "the streams flow on"); // a callback now would be counted
        feeder.interrupt();
        feeder.join();
        assertEquals(0, callbacksAfterwards.get(), "no callback after the unregistration returned");
        assertEquals(sizeAfter, sessions.get(0).packets().size());
        assertEquals(StreamState.LIVE, a.stream().state());
    }

    @Test
    void unregisteringGivesUpAfterTheBoundWithAWarningNamingTheHandler() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch attached = new CountDownLatch(1);
        ServiceReference<MediaHandler> ref = register(stream -> {
            attached.countDown();
            return new MediaSession() {
                @Override
                public void onPacket(MediaPacket packet) {
                }

                @Override
                public void onDetached() {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }, "stuck-handler");
        table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        assertTrue(attached.await(10, TimeUnit.SECONDS));
        List<LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(HandlerAttachment.class.getName());
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { warnings.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        log.addHandler(capture);
        try {
            long t0 = System.nanoTime();
            table.removeHandler(null, ref);
            long tookMillis = millisSince(t0);
            assertTrue(tookMillis >= HandlerAttachment.DETACH_TIMEOUT.toMillis() - 10 && tookMillis < HandlerAttachment.DETACH_TIMEOUT.toMillis() + 3_000,
                    "gave up after the bound: " + tookMillis + " ms");
        } finally {
            log.removeHandler(capture);
            never.countDown();
        }
        assertTrue(warnings.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING
                && format(r).contains("stuck-handler")), "a warning names the handler: " + warnings.stream().map(WhiteboardTest::format).toList());
    }

    private static String format(LogRecord r) {
        return new java.util.logging.SimpleFormatter().formatMessage(r);
    }

    @Test
    void aSessionMayUnregisterItsOwnHandlerWithoutWaitingForItself() throws Exception {
        @SuppressWarnings("unchecked")
        ServiceReference<MediaHandler>[] self = new ServiceReference[1];
        RecordingSession session = new RecordingSession() {
            @Override
            public void onPacket(MediaPacket packet) throws InterruptedException {
                super.onPacket(packet);
                table.removeHandler(null, self[0]);
            }
        };
        self[0] = register(stream -> session, "self-removing");
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        long t0 = System.nanoTime();
        p.send(0, 0, bytes(1, 0));
        assertEquals("detached", session.awaitEnd());
        assertTrue(millisSince(t0) < HandlerAttachment.DETACH_TIMEOUT.toMillis(), "did not wait for itself");
    }

    @Test
    void aStreamThatEndsDuringASlowAttachIsDeliveredWithItsEnd() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSession session = new RecordingSession();
        register(stream -> {
            release.await();
            return session;
        }, "late");
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        for (int i = 0; i < 10; i++) p.send(i, 0, bytes(2, i));
        p.end("caller hung up");
        release.countDown();
        assertEquals("ENDED:caller hung up", session.awaitEnd());
        assertEquals(10, session.packets().size());
    }

    @Test
    void aHandlerThatGoesAwayDuringItsAttachGetsOnDetachedOnceAttachReturns() throws Exception {
        CountDownLatch inAttach = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingSession session = new RecordingSession();
        ServiceReference<MediaHandler> ref = register(stream -> {
            inAttach.countDown();
            release.await();
            return session;
        }, "leaving");
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        assertTrue(inAttach.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) p.send(i, 0, bytes(2, i));
        Thread unregistering = Thread.currentThread();
        Thread.ofPlatform().start(() -> {
            // the attach returns while the registry waits for it
            while (unregistering.getState() != Thread.State.TIMED_WAITING) LockSupport.parkNanos(1_000_000);
            release.countDown();
        });
        table.removeHandler(null, ref);
        assertEquals("detached", session.end(), "unregistering returned after the session's onDetached");
        assertEquals(List.of("detached"), session.calls(), "the packets queued during the attach were dropped");
        assertTrue(table.attachments(p.stream().id()).isEmpty());
    }

    @Test
    void aHandlerRegisteredLaterIsOfferedOnlyLiveStreamsThatMatchItsTarget() throws Exception {
        Publisher recorded = table.open(new StreamSpec("srt", StreamFormat.OPUS_48K_STEREO, Map.of("record", "true")));
        Publisher other = table.open(StreamSpec.of("srt", StreamFormat.OPUS_48K_STEREO));
        Publisher ended = table.open(new StreamSpec("srt", StreamFormat.OPUS_48K_STEREO, Map.of("record", "true")));
        ended.end("done");
        List<String> offered = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch one = new CountDownLatch(1);
        table.addHandler(stream -> {
            offered.add(stream.id());
            one.countDown();
            return packet -> { };
        }, TestHandlers.reference(Map.of(MediaHandler.TARGET, "(metadata.record=true)", MediaHandler.QUEUE_CAPACITY, 3000)));
        assertTrue(one.await(10, TimeUnit.SECONDS));
        Publisher later = table.open(new StreamSpec("whip", StreamFormat.OPUS_48K_STEREO, Map.of("record", "true")));
        waitFor(() -> offered.size() == 2, "the later stream offered");
        assertEquals(List.of(recorded.stream().id(), later.stream().id()), offered);
        assertTrue(table.attachments(other.stream().id()).isEmpty());
        assertFalse(offered.contains(ended.stream().id()));
    }
}
