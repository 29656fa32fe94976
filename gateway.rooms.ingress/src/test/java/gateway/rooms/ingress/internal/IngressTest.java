package gateway.rooms.ingress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.rooms.IngressInfo;
import gateway.api.rooms.IngressInput;
import gateway.api.rooms.IngressStatus;
import gateway.api.rooms.IngressUpdate;
import gateway.api.rooms.TrackInfo;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IngressTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    private Ingress ingress(boolean enabled) {
        return new Ingress("IN_abcdefghijkl", IngressInput.WHIP_INPUT, "key", "http://gw/rtc/ingress/whip", "n", "room", "guest", "", "",
                enabled, clock::get);
    }

    private static final IngressInputSession NOTHING = new IngressInputSession() {
        @Override
        public void stop(String reason) {
        }

        @Override
        public void mute(boolean muted) {
        }
    };

    @Test
    void oneInputAtATimeThroughItsStates() {
        Ingress i = ingress(true);
        assertEquals(IngressStatus.ENDPOINT_INACTIVE, i.info().state().status());
        Ingress.Participant who = i.begin(NOTHING);
        assertEquals(new Ingress.Participant("room", "guest", "", ""), who);
        assertEquals(IngressStatus.ENDPOINT_BUFFERING, i.info().state().status());
        assertNull(i.begin(NOTHING_ELSE), "busy");
        clock.set(2_000);
        i.publishing("RM_x", "stream-1", new TrackInfo("TR_x", "ingress", "audio/opus", false, "stream-1"));
        IngressInfo publishing = i.info();
        assertEquals(IngressStatus.ENDPOINT_PUBLISHING, publishing.state().status());
        assertEquals("stream-1", publishing.state().resourceId());
        assertEquals(1, publishing.state().tracks().size());
        assertFalse(i.ended(NOTHING_ELSE, false, "not this one"), "another input's end changes nothing");
        clock.set(3_000);
        assertTrue(i.ended(NOTHING, true, "the URL failed"));
        IngressInfo failed = i.info();
        assertEquals(IngressStatus.ENDPOINT_ERROR, failed.state().status());
        assertEquals("the URL failed", failed.state().error());
        assertEquals(1_000, failed.state().startedAtMs());
        assertEquals(3_000, failed.state().endedAtMs());
        assertTrue(failed.state().tracks().isEmpty());
        assertNotNull(i.begin(NOTHING), "free again: a push ingress is reusable");
    }

    private final IngressInputSession NOTHING_ELSE = new IngressInputSession() {
        @Override
        public void stop(String reason) {
        }

        @Override
        public void mute(boolean muted) {
        }
    };

    @Test
    void anUpdateAppliesToTheNextInputAndDisablingRefusesPushes() {
        Ingress i = ingress(true);
        i.begin(NOTHING);
        i.update(new IngressUpdate(null, "other", "", null, null, false));
        assertEquals("other", i.info().room());
        assertEquals("guest", i.info().identity(), "empty fields stay");
        i.ended(NOTHING, false, "done");
        assertEquals(IngressStatus.ENDPOINT_COMPLETE, i.info().state().status());
        assertNull(i.begin(NOTHING), "disabled");
        i.update(new IngressUpdate(null, null, null, null, null, true));
        assertEquals("other", i.begin(NOTHING).room());
    }

    @Test
    void aDeletedIngressTakesNoInput() {
        Ingress i = ingress(true);
        i.begin(NOTHING);
        assertEquals(NOTHING, i.delete(), "the running input, for the caller to stop");
        i.ended(NOTHING, false, "deleted");
        assertNull(i.begin(NOTHING));
    }

    @Test
    void eventsCarryNoSecrets() {
        Ingress i = ingress(true);
        IngressInfo shown = IngressDirectory.forEvents(i.info());
        assertEquals("", shown.streamKey());
        assertEquals("srt://h:1?streamid=x&passphrase=REDACTED&pbkeylen=32", IngressDirectory.redacted("srt://h:1?streamid=x&passphrase=secret-pass-1&pbkeylen=32"));
        assertEquals("http://icecast:8000/live.ogg", IngressDirectory.redacted("http://user:pw@icecast:8000/live.ogg"));
    }

    @Test
    void aPushThatOutlivedThePreviousRevisionIsTakenOverEvenWhenTheIngressWasDisabledMeanwhile() {
        Ingress i = ingress(false);
        assertNull(i.begin(NOTHING), "a disabled ingress takes no new input");
        clock.set(5_000);
        assertTrue(i.resume(NOTHING, 4_000), "but a running push is its input: an update applies from the next input on");
        assertEquals(IngressStatus.ENDPOINT_BUFFERING, i.info().state().status());
        assertEquals(4_000, i.info().state().startedAtMs(), "when the push started, not when it was taken over");
        assertEquals(NOTHING, i.input());
        assertFalse(i.resume(NOTHING_ELSE, 4_000), "one input at a time");
        i.publishing("RM_x", "stream-1", new TrackInfo("TR_x", "ingress", "audio/opus", false, "stream-1"));
        assertEquals(IngressStatus.ENDPOINT_PUBLISHING, i.info().state().status());
        assertTrue(i.entry().running(), "saved as running, for the next revision");
        assertEquals(NOTHING, i.delete());
        Ingress deleted = ingress(true);
        deleted.delete();
        assertFalse(deleted.resume(NOTHING, 4_000), "a deleted ingress takes nothing over");
    }
}
