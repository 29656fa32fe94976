package gateway.rooms.internal;

import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.ParticipantUpdate;
import gateway.api.rooms.RoomEvent;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.RoomSettings;
import gateway.api.rooms.TrackInfo;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's rooms, held in this bundle so that the plugins serving them over HTTP can be updated while rooms and
 * participants stay. Rooms that stay empty past their timeout are closed by a sweep once a second. Immediate: a delayed
 * component would be deactivated, and its rooms lost, while no plugin uses the service (during such an update).
 */
@Component(service = RoomService.class, configurationPid = RoomDirectory.PID, immediate = true)
@Designate(ocd = RoomDirectory.Config.class)
public final class RoomDirectory implements RoomService {
    static final String PID = "gateway.rooms";
    private static final Logger LOG = LoggerFactory.getLogger(RoomDirectory.class);

    /** Room defaults, as LiveKit's server configuration has them. */
    @ObjectClassDefinition(name = "Gateway rooms", description = "Defaults and limits of the gateway's rooms.")
    public @interface Config {
        @AttributeDefinition(description = "Seconds a room that nobody has joined stays open, when its creation names no emptyTimeout (LiveKit: 300).")
        int emptyTimeoutSeconds() default 300;

        @AttributeDefinition(description = "Seconds a room stays open after its last participant left, when its creation names no departureTimeout (LiveKit: 20).")
        int departureTimeoutSeconds() default 20;

        @AttributeDefinition(description = "Participants at most in a room whose creation names no maxParticipants; 0 = no limit.")
        int maxParticipants() default 0;

        @AttributeDefinition(description = "Rooms at most at once; creating one more is refused.")
        int maxRooms() default 1000;
    }

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final GatewayEvents events;
    private final LongSupplier clock;
    private volatile Config config;
    private final ScheduledExecutorService sweeper;

    @Activate
    public RoomDirectory(Config config, @Reference GatewayEvents events) {
        this(config, events, System::currentTimeMillis);
    }

    RoomDirectory(Config config, GatewayEvents events, LongSupplier clock) {
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-rooms-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("Closing empty rooms failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** New defaults apply to rooms created from now on. */
    @Modified
    void modified(Config config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        for (String name : List.copyOf(rooms.keySet())) close(name, "the rooms service stopped");
    }

    /** Closes every room that has been empty past its timeout. */
    void sweep() {
        long now = clock.getAsLong();
        for (Room r : rooms.values()) {
            if (r.expired(now) && rooms.remove(r.name, r)) {
                LOG.info("Room '{}' ({}) closed: empty past its timeout", r.name, r.sid);
                event(RoomEvent.ROOM_FINISHED, r.info(), null, null);
            }
        }
    }

    @Override
    public RoomInfo create(RoomSettings s) {
        Config c = config;
        Room[] fresh = new Room[1];
        Room created = rooms.computeIfAbsent(s.name(), name -> {
            if (rooms.size() >= c.maxRooms()) {
                throw new RoomException(RoomException.Reason.TOO_MANY_ROOMS, "the gateway holds its " + c.maxRooms() + " rooms already (maxRooms)");
            }
            return fresh[0] = newRoom(s, c);
        });
        RoomInfo info = created.info();
        if (fresh[0] != null) event(RoomEvent.ROOM_STARTED, info, null, null);
        return info;
    }

    private Room newRoom(RoomSettings s, Config c) {
        Room r = new Room(s.name(), s.emptyTimeoutSeconds() > 0 ? s.emptyTimeoutSeconds() : c.emptyTimeoutSeconds(),
                s.departureTimeoutSeconds() > 0 ? s.departureTimeoutSeconds() : c.departureTimeoutSeconds(),
                s.maxParticipants() > 0 ? s.maxParticipants() : c.maxParticipants(), s.metadata(), clock.getAsLong());
        LOG.info("Room '{}' ({}) created", r.name, r.sid);
        return r;
    }

    @Override
    public List<RoomInfo> rooms(Collection<String> names) {
        return rooms.values().stream().filter(r -> names.isEmpty() || names.contains(r.name)).map(Room::info)
                .sorted((a, b) -> Long.compare(a.creationTimeMs(), b.creationTimeMs())).toList();
    }

    @Override
    public Optional<RoomInfo> room(String name) {
        return Optional.ofNullable(rooms.get(name)).map(Room::info);
    }

    @Override
    public void delete(String name) {
        if (!close(name, "the room was deleted")) throw roomNotFound(name);
    }

    private boolean close(String name, String why) {
        Room r = rooms.remove(name);
        if (r == null) return false;
        List<Participant> gone = r.clear();
        for (Participant p : gone) p.listeners().forEach(l -> ended(l, why));
        LOG.info("Room '{}' ({}) closed: {}", r.name, r.sid, why);
        RoomInfo info = r.info();
        for (Participant p : gone) left(info, p.info());
        event(RoomEvent.ROOM_FINISHED, info, null, null);
        return true;
    }

    @Override
    public RoomInfo updateMetadata(String name, String metadata) {
        return room0(name).metadata(Objects.requireNonNull(metadata));
    }

    @Override
    public ParticipantInfo join(String room, String identity, String name, String metadata, ParticipantPermission permission, RoomListener listener) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("a participant needs an identity");
        Objects.requireNonNull(listener);
        Config c = config;
        while (true) {
            Room[] fresh = new Room[1];
            Room r = rooms.computeIfAbsent(room, n -> fresh[0] = newRoom(RoomSettings.named(n), c));
            if (fresh[0] != null) event(RoomEvent.ROOM_STARTED, r.info(), null, null);
            Room.Joined joined = r.join(identity, name, metadata, permission, ParticipantInfo.Kind.STANDARD, listener, clock.getAsLong());
            if (rooms.get(room) != r) {
                // closed by the sweep or a delete between lookup and join: the participant is in no room; try again
                r.leave(joined.participant().sid(), clock.getAsLong());
                continue;
            }
            if (joined.endReplaced() != null) {
                run(joined.endReplaced());
                left(r.info(), joined.replaced());
            }
            event(RoomEvent.PARTICIPANT_JOINED, r.info(), joined.participant(), null);
            return joined.participant();
        }
    }

    @Override
    public Registration listen(String room, String identity, RoomListener listener) {
        Participant p = room0(room).addSession(identity, Objects.requireNonNull(listener));
        return () -> p.sessions.remove(listener);
    }

    @Override
    public Registration attach(String room, String identity, String name, String metadata, ParticipantPermission permission,
                               RoomListener listener) {
        return attach(room, identity, name, metadata, permission, ParticipantInfo.Kind.STANDARD, listener);
    }

    @Override
    public Registration attach(String room, String identity, String name, String metadata, ParticipantPermission permission,
                               ParticipantInfo.Kind kind, RoomListener listener) {
        Objects.requireNonNull(kind);
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("a participant needs an identity");
        Objects.requireNonNull(listener);
        Config c = config;
        while (true) {
            Room[] fresh = new Room[1];
            Room r = rooms.computeIfAbsent(room, n -> fresh[0] = newRoom(RoomSettings.named(n), c));
            if (fresh[0] != null) event(RoomEvent.ROOM_STARTED, r.info(), null, null);
            Room.Joined joined = r.attach(identity, name, metadata, permission, kind, listener, clock.getAsLong());
            if (rooms.get(room) != r) {
                // closed between lookup and attach: try again in the room of that name now
                if (joined != null) r.leave(joined.participant().sid(), clock.getAsLong());
                continue;
            }
            if (joined != null) event(RoomEvent.PARTICIPANT_JOINED, r.info(), joined.participant(), null);
            return () -> {
                Participant last = r.detach(identity, listener);
                if (last != null) leave(room, last.sid);
            };
        }
    }

    @Override
    public void leave(String room, String sid) {
        Room r = rooms.get(room);
        if (r == null) return;
        Participant p = r.leave(sid, clock.getAsLong());
        if (p == null) return;
        for (RoomListener l : p.sessions) ended(l, "the participant left the room");
        left(r.info(), p.info());
        if (!p.info().tracks().isEmpty()) tracksChanged(r);
    }

    @Override
    public List<ParticipantInfo> participants(String room) {
        return room0(room).participants();
    }

    @Override
    public ParticipantInfo participant(String room, String identity) {
        return room0(room).participant(identity);
    }

    @Override
    public void remove(String room, String identity) {
        Room r = room0(room);
        Participant p = r.remove(identity, clock.getAsLong());
        p.listeners().forEach(l -> ended(l, "removed from the room"));
        left(r.info(), p.info());
        if (!p.info().tracks().isEmpty()) tracksChanged(r);
    }

    @Override
    public ParticipantInfo update(String room, String identity, ParticipantUpdate update) {
        Room r = room0(room);
        List<TrackInfo> before = r.participant(identity).tracks();
        Room.Updated u = r.update(identity, update);
        if (u.permissionNotice() != null) run(u.permissionNotice());
        for (TrackInfo t : before) {
            if (u.participant().tracks().stream().noneMatch(k -> k.sid().equals(t.sid()))) event(RoomEvent.TRACK_UNPUBLISHED, r.info(), u.participant(), t);
        }
        if (u.participant().tracks().size() != before.size()) tracksChanged(r);
        return u.participant();
    }

    @Override
    public TrackInfo publish(String room, String identity, String name, String mimeType, String stream) {
        Room r = room0(room);
        TrackInfo t = r.publish(identity, name, mimeType, stream);
        event(RoomEvent.TRACK_PUBLISHED, r.info(), r.participant(identity), t);
        tracksChanged(r);
        return t;
    }

    @Override
    public void unpublish(String room, String identity, String trackSid) {
        Room r = rooms.get(room);
        if (r == null) return;
        TrackInfo t = r.unpublish(identity, trackSid);
        if (t != null) {
            event(RoomEvent.TRACK_UNPUBLISHED, r.info(), r.participantOrNull(identity), t);
            tracksChanged(r);
        }
    }

    @Override
    public TrackInfo mute(String room, String identity, String trackSid, boolean muted) {
        Room r = room0(room);
        TrackInfo t = r.mute(identity, trackSid, muted);
        for (RoomListener l : r.listeners(identity)) run(() -> l.trackMuted(trackSid, muted));
        tracksChanged(r);
        return t;
    }

    @Override
    public ParticipantInfo subscribe(String room, String identity, Collection<String> trackSids, boolean subscribe) {
        Room r = room0(room);
        ParticipantInfo p = r.subscribe(identity, trackSids, subscribe);
        for (RoomListener l : r.listeners(identity)) run(() -> l.subscriptionsChanged(p.subscribedTo()));
        return p;
    }

    @Override
    public int sendData(String room, byte[] payload, String topic, Collection<String> identities) {
        gateway.api.rooms.DataMessage[] made = new gateway.api.rooms.DataMessage[1];
        byte[] kept = payload.clone();
        List<RoomListener> to = room0(room).deliver(identities, id -> new gateway.api.rooms.DataMessage(id, topic, kept, true),
                dataIds::incrementAndGet, made);
        gateway.api.rooms.DataMessage message = made[0];
        for (RoomListener l : to) run(() -> l.data(message.id(), topic, payload.clone(), true));
        return to.size();
    }

    @Override
    public List<gateway.api.rooms.DataMessage> dataSince(String room, String identity, long afterId) {
        Room r = rooms.get(room);
        return r == null ? List.of() : r.dataSince(identity, afterId);
    }

    /** The ids of data messages: increasing over the service's lifetime, so a feed's last id is never reused. */
    private final java.util.concurrent.atomic.AtomicLong dataIds = new java.util.concurrent.atomic.AtomicLong();

    /** Tells every session in the room that the room's tracks changed (published, unpublished, muted, unmuted). */
    private static void tracksChanged(Room r) {
        for (RoomListener l : r.recipients(List.of())) run(l::roomTracksChanged);
    }

    /** A participant is gone: its tracks are unpublished, then it has left. */
    private void left(RoomInfo room, ParticipantInfo p) {
        for (TrackInfo t : p.tracks()) event(RoomEvent.TRACK_UNPUBLISHED, room, p, t);
        event(RoomEvent.PARTICIPANT_LEFT, room, p, null);
    }

    private void event(String type, RoomInfo room, ParticipantInfo participant, TrackInfo track) {
        try {
            events.publish(GatewayEvent.now(type, new RoomEvent(type, room, participant, track)));
        } catch (RuntimeException e) {
            LOG.warn("Publishing the room event {} failed", type, e);
        }
    }

    private Room room0(String name) {
        Room r = rooms.get(name);
        if (r == null) throw roomNotFound(name);
        return r;
    }

    private static RoomException roomNotFound(String name) {
        return new RoomException(RoomException.Reason.ROOM_NOT_FOUND, "no room '" + name + "'");
    }

    private static void ended(RoomListener l, String why) {
        run(() -> l.ended(why));
    }

    /** A listener's failure is the listener's: logged, and the operation goes on. */
    private static void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A room listener failed", e);
        }
    }
}
