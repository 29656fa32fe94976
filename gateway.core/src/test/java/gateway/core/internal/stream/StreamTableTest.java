package gateway.core.internal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.event.GatewayEvent;
import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.AttachmentState;
import gateway.api.stream.LiveStream;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.MediaHandlerException;
import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamNotFoundException;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.core.internal.event.EventBus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Delivery through requested attachments: order, copies, queues, failures, detach, the end, events. */
@Timeout(60) // a regression that deadlocks fails instead of hanging the build
class StreamTableTest {
    private final EventBus bus = new EventBus();
    private final BlockingQueue<GatewayEvent> events = new LinkedBlockingQueue<>();
    private final StreamTable table;

    StreamTableTest() {
        bus.subscribe(events::add);
        table = new StreamTable(bus);
    }

    @AfterEach
    void stop() {
        table.deactivate();
    }

    static ByteBuffer bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    private Attachment attach(Publisher p, MediaSession session, String name) {
        return table.attach(p.stream().id(), stream -> session, name, StreamTable.DEFAULT_QUEUE, false);
    }

    @Test
    void deliversPacketsInOrderWithCopiedPayloadsThenTheEnd() throws Exception {
        Publisher p = table.open(new StreamSpec("test", StreamFormat.OPUS_48K_STEREO, Map.of("title", "t")));
        RecordingSession session = new RecordingSession();
        attach(p, session, "rec");

        ByteBuffer reused = ByteBuffer.allocate(10);
        for (int i = 0; i < 100; i++) {
            reused.clear();
            reused.put(bytes(10, i)).flip();
            p.send(i * 20_000L, 20_000, reused);
            assertEquals(0, reused.position(), "the caller's buffer is left as it was");
        }
        p.end("done");
        assertEquals("ENDED:done", session.awaitEnd());
        List<MediaPacket> got = session.packets();
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            MediaPacket packet = got.get(i);
            assertEquals(i, packet.sequence());
            assertEquals(i * 20_000L, packet.timestampMicros());
            assertEquals((byte) i, packet.payload().get(0), "payload copied, not shared with the publisher's buffer");
            assertTrue(packet.payload().isReadOnly());
        }
        LiveStream s = p.stream();
        assertEquals(StreamState.ENDED, s.state());
        assertThrows(IllegalStateException.class, () -> p.send(0, 0, bytes(1, 0)));
        assertThrows(IllegalStateException.class, () -> p.send(0, 0, bytes(1, 0)), "still refused");
    }

    @Test
    void aSlowHandlerLosesPacketsButNeverBlocksThePublisher() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession slow = new RecordingSession().hold();
        RecordingSession fast = new RecordingSession();
        Attachment slowAttachment = attach(p, slow, "slow");
        attach(p, fast, "fast");

        p.send(0, 20_000, bytes(50, 1));
        assertTrue(slow.inPacket.await(10, TimeUnit.SECONDS), "the slow session is stuck in its first packet");
        // The slow session stays stuck until release(): had a send waited for it, the loop could not finish.
        // (A wall-clock bound per send would measure the machine's scheduling, not the table.)
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            for (int i = 1; i < 5_000; i++) {
                p.send(i * 20_000L, 20_000, bytes(50, 1));
                if (i % 100 == 99) fast.awaitPackets(i + 1); // bursts of 2 s of audio, then let the healthy one catch up
            }
        }, "a send waited for the blocked handler");
        assertEquals(5_000 - 1 - StreamTable.DEFAULT_QUEUE, slowAttachment.info().dropped(),
                "one packet in the session's hands, a full queue behind it, the rest dropped");

        slow.release();
        p.end("done");
        fast.awaitEnd();
        slow.awaitEnd();
        assertEquals(5_000, fast.packets().size(), "the fast handler got everything");
        assertEquals(1 + StreamTable.DEFAULT_QUEUE, slow.packets().size(), "the slow one got what was queued");
        AttachmentInfo slowInfo = slowAttachment.info();
        assertEquals(1 + StreamTable.DEFAULT_QUEUE, slowInfo.delivered());
        assertEquals(AttachmentState.ENDED, slowInfo.state());
    }

    @Test
    void aFailingSessionIsMarkedFailedAndOthersGoOn() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        CountDownLatch ended = new CountDownLatch(1);
        Attachment bad = attach(p, new MediaSession() {
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
        attach(p, good, "good");
        for (int i = 0; i < 10; i++) p.send(i, 0, bytes(5, 0));
        p.end("done");
        assertTrue(ended.await(10, TimeUnit.SECONDS), "a failed session still gets its final callback");
        good.awaitEnd();
        assertEquals(10, good.packets().size());
        assertTrue(bad.info().failed());
        assertEquals(AttachmentState.FAILED, bad.info().state());
        assertEquals("IllegalStateException: disk on fire", bad.info().reason());
        assertEquals(0, bad.info().delivered());
    }

    @Test
    void detachingDropsWhatIsQueuedAndEndsTheSessionWhileTheStreamGoesOn() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession().hold();
        Attachment a = attach(p, session, "rec");
        p.send(0, 0, bytes(5, 0));
        assertTrue(session.inPacket.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < 10; i++) p.send(i, 0, bytes(5, 0));
        a.close();
        assertEquals(AttachmentState.DETACHED, a.info().state());
        assertTrue(table.attachments(p.stream().id()).isEmpty(), "a detached handler leaves the list at once");
        session.release();
        assertEquals("detached", session.awaitEnd());
        assertEquals(1, session.packets().size(), "only the packet already in the session's hands");
        assertEquals(9, a.info().dropped(), "the queued packets count as dropped");
        assertEquals(StreamState.LIVE, p.stream().state());
        p.send(10, 0, bytes(5, 0)); // the stream goes on
        p.end("done");
        assertEquals(List.of("packet 0", "detached"), session.calls(), "nothing after onDetached, no onEnd");
    }

    @Test
    void refusesUnknownOrEndedStreamsAndDecliningOrThrowingHandlers() {
        assertThrows(StreamNotFoundException.class, () -> table.attach("nope", stream -> new RecordingSession(), "x", 10, false));
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        String id = p.stream().id();
        MediaHandler declines = stream -> null;
        MediaHandlerException declined = assertThrows(MediaHandlerException.class, () -> table.attach(id, declines, "x", 10, false));
        assertTrue(declined.getMessage().contains("declined"), declined.getMessage());
        MediaHandler throwing = stream -> {
            throw new java.io.IOException("no space");
        };
        MediaHandlerException e = assertThrows(MediaHandlerException.class, () -> table.attach(id, throwing, "x", 10, false));
        assertTrue(e.getMessage().contains("no space"));
        assertTrue(table.attachments(id).isEmpty(), "a refused request is the requester's to report, not listed");
        p.end("done");
        assertThrows(StreamNotFoundException.class, () -> table.attach(id, stream -> new RecordingSession(), "x", 10, false));
    }

    @Test
    void anEndedStreamKeepsItsAttachmentsWithTheirFinalCounters() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession();
        attach(p, session, "rec");
        for (int i = 0; i < 7; i++) p.send(i, 0, bytes(5, 0));
        p.fail("caller timed out");
        session.awaitEnd();
        List<AttachmentInfo> infos = table.attachments(p.stream().id());
        assertEquals(1, infos.size());
        assertEquals("rec", infos.get(0).handler());
        assertEquals(7, infos.get(0).delivered());
        assertEquals(AttachmentState.ENDED, infos.get(0).state());
        assertNotNull(infos.get(0).id());
    }

    @Test
    void announcesOpenMetadataAndEndAsEventsWithTheStatesLabels() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_MONO));
        p.updateMetadata(Map.of("title", "Morning show"));
        p.fail("caller timed out");
        List<GatewayEvent> seen = new ArrayList<>();
        while (seen.size() < 3) {
            GatewayEvent e = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "three events, got " + seen);
            seen.add(e);
        }
        assertEquals(List.of(StreamRegistry.STREAM_OPENED, StreamRegistry.STREAM_METADATA, StreamRegistry.STREAM_ENDED),
                seen.stream().map(GatewayEvent::type).toList());
        assertEquals(List.of("stream-opened", "stream-metadata", "stream-ended"), seen.stream().map(GatewayEvent::type).toList(),
                "the event types clients know");
        assertEquals("starting", ((StreamView) seen.get(0).data()).state());
        @SuppressWarnings("unchecked")
        Map<String, Object> ended = (Map<String, Object>) seen.get(2).data();
        assertEquals("failed", ended.get("state"));
        assertEquals("caller timed out", ended.get("reason"));
        LiveStream found = table.find(p.stream().id()).orElseThrow();
        assertEquals("Morning show", found.metadata().get("title"));
        assertEquals("caller timed out", found.reason().orElseThrow());
    }

    @Test
    void metadataChangesReachSessionsInOrderWithThePackets() throws Exception {
        Publisher p = table.open(StreamSpec.of("test", StreamFormat.OPUS_48K_MONO));
        RecordingSession session = new RecordingSession();
        attach(p, session, "rec");
        p.send(0, 0, bytes(1, 0));
        p.updateMetadata(Map.of("title", "a"));
        p.send(1, 0, bytes(1, 0));
        p.end("done");
        session.awaitEnd();
        assertEquals(List.of("packet 0", "metadata {title=a}", "packet 1", "ENDED:done"), session.calls());
    }
}
