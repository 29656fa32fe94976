package gateway.rooms.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.ParticipantUpdate;
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
    private final LongSupplier clock;
    private volatile Config config;
    private final ScheduledExecutorService sweeper;

    @Activate
    public RoomDirectory(Config config) {
        this(config, System::currentTimeMillis);
    }

    RoomDirectory(Config config, LongSupplier clock) {
        this.config = config;
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
            if (r.expired(now) && rooms.remove(r.name, r)) LOG.info("Room '{}' ({}) closed: empty past its timeout", r.name, r.sid);
        }
    }

    @Override
    public RoomInfo create(RoomSettings s) {
        Config c = config;
        Room created = rooms.computeIfAbsent(s.name(), name -> {
            if (rooms.size() >= c.maxRooms()) {
                throw new RoomException(RoomException.Reason.TOO_MANY_ROOMS, "the gateway holds its " + c.maxRooms() + " rooms already (maxRooms)");
            }
            return newRoom(s, c);
        });
        return created.info();
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
        for (Participant p : r.clear()) ended(p.listener, why);
        LOG.info("Room '{}' ({}) closed: {}", r.name, r.sid, why);
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
            Room r = rooms.computeIfAbsent(room, n -> newRoom(RoomSettings.named(n), c));
            Room.Joined joined = r.join(identity, name, metadata, permission, listener, clock.getAsLong());
            if (rooms.get(room) != r) {
                // closed by the sweep or a delete between lookup and join: the participant is in no room; try again
                r.leave(joined.participant().sid(), clock.getAsLong());
                continue;
            }
            if (joined.endReplaced() != null) run(joined.endReplaced());
            return joined.participant();
        }
    }

    @Override
    public void leave(String room, String sid) {
        Room r = rooms.get(room);
        if (r != null) r.leave(sid, clock.getAsLong());
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
        Participant p = room0(room).remove(identity, clock.getAsLong());
        ended(p.listener, "removed from the room");
    }

    @Override
    public ParticipantInfo update(String room, String identity, ParticipantUpdate update) {
        Room.Updated u = room0(room).update(identity, update);
        if (u.permissionNotice() != null) run(u.permissionNotice());
        return u.participant();
    }

    @Override
    public TrackInfo publish(String room, String identity, String name, String mimeType, String stream) {
        return room0(room).publish(identity, name, mimeType, stream);
    }

    @Override
    public void unpublish(String room, String identity, String trackSid) {
        Room r = rooms.get(room);
        if (r != null) r.unpublish(identity, trackSid);
    }

    @Override
    public TrackInfo mute(String room, String identity, String trackSid, boolean muted) {
        Room r = room0(room);
        TrackInfo t = r.mute(identity, trackSid, muted);
        RoomListener l = r.listener(identity);
        if (l != null) run(() -> l.trackMuted(trackSid, muted));
        return t;
    }

    @Override
    public ParticipantInfo subscribe(String room, String identity, Collection<String> trackSids, boolean subscribe) {
        return room0(room).subscribe(identity, trackSids, subscribe);
    }

    @Override
    public int sendData(String room, byte[] payload, String topic, Collection<String> identities) {
        List<RoomListener> to = room0(room).recipients(identities);
        for (RoomListener l : to) run(() -> l.data(topic, payload.clone(), true));
        return to.size();
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
