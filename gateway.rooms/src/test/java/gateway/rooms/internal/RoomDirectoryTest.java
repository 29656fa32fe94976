package gateway.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.RoomEvent;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.ParticipantUpdate;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomSettings;
import gateway.api.rooms.TrackInfo;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomDirectoryTest {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final List<GatewayEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RoomDirectory rooms = new RoomDirectory(config(300, 20, 0, 3), new GatewayEvents() {
        public void publish(GatewayEvent event) { events.add(event); }
        public Subscription subscribe(java.util.function.Consumer<GatewayEvent> listener) { throw new UnsupportedOperationException(); }
    }, now::get);

    private List<String> eventTypes() {
        return events.stream().map(e -> e.type() + (((RoomEvent) e.data()).participant() == null ? "" : ":" + ((RoomEvent) e.data()).participant().identity())).toList();
    }

    @AfterEach
    void stop() {
        rooms.deactivate();
    }

    static RoomDirectory.Config config(int empty, int departure, int max, int maxRooms) {
        return new RoomDirectory.Config() {
            public Class<? extends Annotation> annotationType() { return RoomDirectory.Config.class; }
            public int emptyTimeoutSeconds() { return empty; }
            public int departureTimeoutSeconds() { return departure; }
            public int maxParticipants() { return max; }
            public int maxRooms() { return maxRooms; }
        };
    }

    /** What a participant's session received. */
    static final class Session implements RoomListener {
        final List<String> data = new ArrayList<>();
        final List<String> ended = new ArrayList<>();
        final List<ParticipantPermission> permissions = new ArrayList<>();

        public void data(String topic, byte[] payload, boolean fromServer) { data.add(topic + ":" + new String(payload, StandardCharsets.UTF_8)); }
        public void ended(String reason) { ended.add(reason); }
        @Override public void permissionChanged(ParticipantPermission p) { permissions.add(p); }
    }

    @Test
    void aRoomHasALiveKitSidItsSettingsAndTheDefaultsWhereItNamesNone() {
        RoomInfo r = rooms.create(new RoomSettings("daily", 0, 0, 5, "{\"topic\":\"x\"}"));
        assertTrue(r.sid().matches("RM_[0-9A-Za-z]{12}"), r.sid());
        assertEquals(300, r.emptyTimeoutSeconds());
        assertEquals(20, r.departureTimeoutSeconds());
        assertEquals(5, r.maxParticipants());
        assertEquals(now.get(), r.creationTimeMs());
        assertEquals("{\"topic\":\"x\"}", r.metadata());
        assertEquals(r, rooms.create(RoomSettings.named("daily")), "creating an existing room returns it unchanged");
        assertEquals(List.of(r), rooms.rooms(List.of("daily", "other")));
        assertEquals("new", rooms.updateMetadata("daily", "new").metadata());
    }

    @Test
    void anEmptyRoomClosesAfterItsEmptyTimeoutAndAfterItsDepartureTimeoutOnceSomebodyLeft() {
        rooms.create(new RoomSettings("a", 10, 2, 0, ""));
        now.addAndGet(9_999);
        rooms.sweep();
        assertTrue(rooms.room("a").isPresent(), "still within its empty timeout");
        ParticipantInfo p = rooms.join("a", "alice", null, null, ParticipantPermission.DEFAULT, new Session());
        now.addAndGet(60_000);
        rooms.sweep();
        assertTrue(rooms.room("a").isPresent(), "a room with a participant stays");
        rooms.leave("a", p.sid());
        now.addAndGet(1_999);
        rooms.sweep();
        assertTrue(rooms.room("a").isPresent(), "within its departure timeout");
        now.addAndGet(1);
        rooms.sweep();
        assertFalse(rooms.room("a").isPresent(), "closed 2 s after the last participant left");
    }

    @Test
    void maxParticipantsRefusesOneMoreButAReturningIdentityReplacesItsEarlierSession() {
        rooms.create(new RoomSettings("small", 0, 0, 2, ""));
        Session first = new Session();
        rooms.join("small", "alice", null, null, ParticipantPermission.DEFAULT, first);
        rooms.join("small", "bob", null, null, ParticipantPermission.DEFAULT, new Session());
        RoomException full = assertThrows(RoomException.class,
                () -> rooms.join("small", "carol", null, null, ParticipantPermission.DEFAULT, new Session()));
        assertEquals(RoomException.Reason.ROOM_FULL, full.reason());
        ParticipantInfo again = rooms.join("small", "alice", "Alice", null, ParticipantPermission.DEFAULT, new Session());
        assertEquals(1, first.ended.size(), "the earlier session of the identity ended");
        assertEquals(List.of("bob", "alice"), rooms.participants("small").stream().map(ParticipantInfo::identity).toList());
        assertEquals("Alice", rooms.participant("small", "alice").name());
        assertTrue(again.sid().matches("PA_[0-9A-Za-z]{12}"));
    }

    @Test
    void tooManyRoomsIsRefused() {
        for (String n : List.of("1", "2", "3")) rooms.create(RoomSettings.named(n));
        assertEquals(RoomException.Reason.TOO_MANY_ROOMS, assertThrows(RoomException.class, () -> rooms.create(RoomSettings.named("4"))).reason());
    }

    @Test
    void tracksSubscriptionsMuteAndPermissions() {
        Session alice = new Session();
        rooms.join("r", "alice", null, null, ParticipantPermission.DEFAULT, alice);
        rooms.join("r", "bob", null, null, ParticipantPermission.DEFAULT, new Session());
        ParticipantPermission listenOnly = new ParticipantPermission(true, false, false, false, false);
        rooms.join("r", "eve", null, null, listenOnly, new Session());
        TrackInfo mic = rooms.publish("r", "alice", "mic", "audio/opus", "stream-1");
        assertTrue(mic.sid().matches("TR_[0-9A-Za-z]{12}"));
        assertEquals(RoomException.Reason.NOT_ALLOWED,
                assertThrows(RoomException.class, () -> rooms.publish("r", "eve", "mic", "audio/opus", null)).reason());
        assertEquals(1, rooms.room("r").orElseThrow().numPublishers());

        assertEquals(Set.of(mic.sid()), rooms.subscribe("r", "bob", List.of(mic.sid()), true).subscribedTo());
        assertEquals(RoomException.Reason.TRACK_NOT_FOUND,
                assertThrows(RoomException.class, () -> rooms.subscribe("r", "bob", List.of("TR_nope"), true)).reason());
        assertTrue(rooms.mute("r", "alice", mic.sid(), true).muted());
        assertTrue(rooms.participant("r", "alice").tracks().get(0).muted(), "the track shows muted");

        // revoking canPublish ends publishing: the track leaves, and bob's subscription with it
        rooms.update("r", "alice", new ParticipantUpdate(null, "m", listenOnly));
        assertEquals(List.of(listenOnly), alice.permissions);
        assertEquals(List.of(), rooms.participant("r", "alice").tracks());
        assertEquals("m", rooms.participant("r", "alice").metadata());
        assertEquals(Set.of(), rooms.participant("r", "bob").subscribedTo());
        assertEquals(List.of("room_started", "participant_joined:alice", "participant_joined:bob", "participant_joined:eve",
                "track_published:alice", "track_unpublished:alice"), eventTypes());
        assertEquals(mic.sid(), ((RoomEvent) events.get(5).data()).track().sid());
    }

    @Test
    void dataReachesTheNamedParticipantsAndRemovingOrDeletingEndsSessions() {
        Session alice = new Session();
        Session bob = new Session();
        rooms.join("r", "alice", null, null, ParticipantPermission.DEFAULT, alice);
        rooms.join("r", "bob", null, null, ParticipantPermission.DEFAULT, bob);
        assertEquals(2, rooms.sendData("r", "hi".getBytes(StandardCharsets.UTF_8), "chat", List.of()));
        assertEquals(1, rooms.sendData("r", "psst".getBytes(StandardCharsets.UTF_8), null, List.of("bob")));
        assertEquals(List.of("chat:hi"), alice.data);
        assertEquals(List.of("chat:hi", "null:psst"), bob.data);
        bob.data.clear();
        Session feed = new Session();
        gateway.api.rooms.RoomService.Registration registration = rooms.listen("r", "alice", feed);
        rooms.sendData("r", "again".getBytes(StandardCharsets.UTF_8), "t", List.of("alice"));
        assertEquals(List.of("t:again"), feed.data, "another session of the participant gets its data too");
        Session closedFeed = new Session();
        rooms.listen("r", "bob", closedFeed).close();
        rooms.sendData("r", "x".getBytes(StandardCharsets.UTF_8), null, List.of("bob"));
        assertEquals(List.of(), closedFeed.data, "a closed registration gets nothing");
        assertEquals(RoomException.Reason.PARTICIPANT_NOT_FOUND, assertThrows(RoomException.class, () -> rooms.listen("r", "nobody", new Session())).reason());
        rooms.remove("r", "alice");
        assertEquals(1, alice.ended.size());
        assertEquals(List.of("removed from the room"), feed.ended);
        registration.close();
        assertEquals(RoomException.Reason.PARTICIPANT_NOT_FOUND, assertThrows(RoomException.class, () -> rooms.participant("r", "alice")).reason());
        rooms.delete("r");
        assertEquals(List.of("the room was deleted"), bob.ended);
        assertEquals(List.of("room_started", "participant_joined:alice", "participant_joined:bob", "participant_left:alice",
                "participant_left:bob", "room_finished"), eventTypes());
        assertEquals(RoomException.Reason.ROOM_NOT_FOUND, assertThrows(RoomException.class, () -> rooms.participants("r")).reason());
        assertEquals(RoomException.Reason.ROOM_NOT_FOUND, assertThrows(RoomException.class, () -> rooms.delete("r")).reason());
    }

    @Test
    void attachJoinsOnceAndAddsFurtherSessionsWithoutReplacingTheParticipant() {
        Session first = new Session();
        Session second = new Session();
        gateway.api.rooms.RoomService.Registration joined = rooms.attach("r", "carol", null, null, ParticipantPermission.DEFAULT, first);
        gateway.api.rooms.RoomService.Registration added = rooms.attach("r", "carol", null, null, ParticipantPermission.DEFAULT, second);
        assertEquals(1, rooms.participants("r").size());
        assertEquals(List.of(), first.ended, "the second session does not replace the first");
        rooms.sendData("r", "d".getBytes(StandardCharsets.UTF_8), null, List.of("carol"));
        assertEquals(List.of("null:d"), second.data);
        joined.close();
        assertEquals(1, rooms.participants("r").size(), "the session that joined it closes first: the participant stays");
        rooms.sendData("r", "e".getBytes(StandardCharsets.UTF_8), null, List.of("carol"));
        assertEquals(List.of("null:d", "null:e"), second.data);
        added.close();
        assertEquals(List.of(), rooms.participants("r"), "its last session closed, it leaves");
        assertEquals(List.of("room_started", "participant_joined:carol", "participant_left:carol"), eventTypes());
    }
}
