package gateway.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.webrtc.WebRtcPlayback;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A participant listening to two tracks over two WHEP sessions that join at the same moment. */
class RoomListenerSessionTest {
    private static final ParticipantPermission LISTEN = new ParticipantPermission(true, false, false, false, false);
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final RoomDirectory rooms = new RoomDirectory(RoomDirectoryTest.config(300, 20, 0, 3), new GatewayEvents() {
        public void publish(GatewayEvent event) { }
        public Subscription subscribe(java.util.function.Consumer<GatewayEvent> listener) { throw new UnsupportedOperationException(); }
    }, now::get);
    private final List<String> ended = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        rooms.deactivate();
    }

    private String track(String publisher) {
        rooms.attach("radio", publisher, publisher, "", new ParticipantPermission(true, true, true, false, false), new RoomListener() {
            public void data(String topic, byte[] payload, boolean fromServer) { }
            public void ended(String reason) { }
        });
        return rooms.publish("radio", publisher, "microphone", "audio/opus", publisher + "-stream").sid();
    }

    /** Carol's session on a track, as the WHEP resource starts it: attached, then subscribed, then playing. */
    private RoomListenerSession session(String trackSid) {
        RoomListenerSession s = new RoomListenerSession("radio", "carol", trackSid, rooms, gone -> { });
        s.registration = rooms.attach("radio", "carol", "carol", "", LISTEN, s);
        return s;
    }

    private void subscribe(RoomListenerSession s) {
        rooms.subscribe("radio", "carol", List.of(s.trackSid), true);
        s.subscribed();
        s.playing(new WebRtcPlayback.Playback() {
            public String id() { return s.trackSid; }
            public String answer() { return "v=0"; }
            public void end(String reason) { ended.add(s.trackSid + ": " + reason); }
        });
    }

    @Test
    void aSessionJoiningBesideAnotherOfTheSameParticipantIsNotEndedByTheOthersSubscription() {
        String alice = track("alice");
        String bob = track("bob");
        RoomListenerSession hearsAlice = session(alice);
        RoomListenerSession hearsBob = session(bob);
        // hearsAlice subscribes between hearsBob's join and hearsBob's own subscription: hearsBob is told {alice}
        subscribe(hearsAlice);
        subscribe(hearsBob);
        assertEquals(List.of(), ended);
        assertEquals(Set.of(alice, bob), rooms.participant("radio", "carol").subscribedTo());

        // an older set told late (hearsAlice's change, delivered after hearsBob subscribed) ends nothing either
        hearsBob.subscriptionsChanged(Set.of(alice));
        assertEquals(List.of(), ended);

        // unsubscribed for real: only that track's session ends
        rooms.subscribe("radio", "carol", List.of(bob), false);
        assertEquals(List.of(bob + ": the participant was unsubscribed from track " + bob), ended);
    }
}
