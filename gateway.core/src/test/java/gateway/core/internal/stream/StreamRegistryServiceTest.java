package gateway.core.internal.stream;

import static gateway.core.internal.stream.StreamTableTest.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.Attachment;
import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.MediaHandler;
import gateway.api.stream.StreamFormat;
import gateway.api.stream.StreamPublisher;
import gateway.api.stream.StreamRegistry;
import gateway.api.stream.StreamSpec;
import gateway.api.stream.StreamState;
import gateway.core.internal.event.EventBus;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry as one bundle sees it: requested attachments with their properties, and the bundle's stop. */
@Timeout(60) // a regression that deadlocks fails instead of hanging the build
class StreamRegistryServiceTest {
    private final StreamTable table = new StreamTable(new EventBus());
    private final StreamRegistryService registry = TestHandlers.registry(table);

    @AfterEach
    void stop() {
        table.deactivate();
    }

    @Test
    void aRequestedAttachmentHasTheQueueAndNameItAsksFor() throws Exception {
        StreamPublisher p = registry.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession().hold();
        AtomicReference<Thread> attachedOn = new AtomicReference<>();
        Attachment a = registry.attach(p.stream().id(), stream -> {
            attachedOn.set(Thread.currentThread());
            return session;
        }, Map.of(MediaHandler.NAME, "recorder", MediaHandler.QUEUE_CAPACITY, 3000, MediaHandler.TARGET, "(ignored=*)"));
        assertEquals(Thread.currentThread(), attachedOn.get(), "a requested attach runs on the caller's thread");
        p.send(0, 20_000, bytes(10, 0));
        assertTrue(session.inPacket.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < 3_500; i++) p.send(i * 20_000L, 20_000, bytes(10, i));
        AttachmentInfo info = a.info();
        assertEquals("recorder", info.handler());
        assertEquals(3_500 - 1 - 3_000, info.dropped(), "60 s of 20 ms packets queued, not the default 10 s");
        assertEquals(info, registry.attachments(p.stream().id()).get(0));
        session.release();
        p.end("done");
        session.awaitEnd();
        assertEquals(3_001, session.packets().size());
    }

    @Test
    void theTwoArgumentAttachHasTheDefaultQueueAndTheBundlesName() throws Exception {
        StreamPublisher p = registry.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession().hold();
        Attachment a = registry.attach(p.stream().id(), stream -> session);
        p.send(0, 20_000, bytes(10, 0));
        assertTrue(session.inPacket.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < 1_000; i++) p.send(i * 20_000L, 20_000, bytes(10, i));
        assertEquals(1_000 - 1 - StreamRegistry.DEFAULT_QUEUE_CAPACITY, a.info().dropped());
        assertEquals("unknown", a.info().handler(), "the requesting bundle's name (none here)");
        session.release();
        a.close();
    }

    @Test
    void aPacketCarriesWhenTheRegistryTookItNotWhenItsSessionGotIt() throws Exception {
        StreamPublisher p = registry.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession().hold();
        registry.attach(p.stream().id(), stream -> session);
        long before = System.currentTimeMillis();
        p.send(0, 20_000, bytes(10, 0));
        long after = System.currentTimeMillis();
        Thread.sleep(50); // the session is held: it gets the packet at least 50 ms after it arrived
        session.release();
        session.awaitPackets(1);
        long arrival = session.packets().get(0).arrivalMillis();
        assertTrue(arrival >= before && arrival <= after, "stamped in send: " + before + " <= " + arrival + " <= " + after);
        p.end("done");
    }

    @Test
    void anInvalidQueueCapacityIsRefused() {
        StreamPublisher p = registry.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        String id = p.stream().id();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.attach(id, stream -> packet -> { }, Map.of(MediaHandler.QUEUE_CAPACITY, "lots")));
        assertTrue(e.getMessage().contains(MediaHandler.QUEUE_CAPACITY), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> registry.attach(id, stream -> packet -> { }, Map.of(MediaHandler.QUEUE_CAPACITY, 0)));
    }

    @Test
    void aDecimalStringIsACapacity() throws Exception {
        StreamPublisher p = registry.open(StreamSpec.of("test", StreamFormat.OPUS_48K_STEREO));
        RecordingSession session = new RecordingSession().hold();
        Attachment a = registry.attach(p.stream().id(), stream -> session, Map.of(MediaHandler.QUEUE_CAPACITY, " 3 "));
        p.send(0, 0, bytes(1, 0));
        assertTrue(session.inPacket.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < 6; i++) p.send(i, 0, bytes(1, i));
        assertEquals(2, a.info().dropped());
        session.release();
        a.close();
    }

    @Test
    void whenTheBundleStopsItsAttachmentsDetachBeforeTheStopGoesOnAndItsStreamsFail() throws Exception {
        StreamPublisher mine = registry.open(StreamSpec.of("mine", StreamFormat.OPUS_48K_STEREO));
        StreamPublisher theirs = TestHandlers.registry(table).open(StreamSpec.of("theirs", StreamFormat.OPUS_48K_STEREO));
        AtomicLong detachedAt = new AtomicLong();
        RecordingSession session = new RecordingSession() {
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
        };
        registry.attach(theirs.stream().id(), stream -> session);
        theirs.send(0, 0, bytes(1, 0));
        session.awaitPackets(1);
        registry.deactivate();
        long stoppedAt = System.nanoTime();
        assertTrue(detachedAt.get() != 0 && detachedAt.get() <= stoppedAt, "onDetached returned before the bundle's registry was gone");
        assertEquals("detached", session.end());
        assertEquals(StreamState.LIVE, theirs.stream().state(), "another bundle's stream goes on");
        assertEquals(StreamState.FAILED, mine.stream().state());
        assertEquals("plugin unknown stopped", mine.stream().reason().orElseThrow());
    }
}
