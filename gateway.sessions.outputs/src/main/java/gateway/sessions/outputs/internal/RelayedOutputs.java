package gateway.sessions.outputs.internal;

import gateway.api.processing.SessionOutputs;
import gateway.api.rooms.RoomService;
import gateway.api.stream.StreamRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's {@link SessionOutputs}: the relays by room and key. Released relays that nobody claims within
 * {@value SessionOutputs#RECLAIM_SECONDS} s are closed; all of them end when this bundle stops.
 */
// immediate: a delayed component would be deactivated, its relays with it, when its last user (gateway.sessions) stops
@Component(service = SessionOutputs.class, immediate = true)
public final class RelayedOutputs implements SessionOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(RelayedOutputs.class);

    private final StreamRegistry registry;
    private final RoomService rooms;
    /** The relay each room and key names: the one a claim takes back once released. */
    private final Map<String, OutputRelay> byKey = new ConcurrentHashMap<>();
    /** Every open relay, also those a newer claim took the key of. */
    private final java.util.Set<OutputRelay> all = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("session-outputs-sweep").daemon().factory());

    @Activate
    public RelayedOutputs(@Reference StreamRegistry registry, @Reference RoomService rooms) {
        this.registry = registry;
        this.rooms = rooms;
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        for (OutputRelay r : List.copyOf(all)) r.close();
    }

    @Override
    public SessionOutput claim(String room, String key, String name) {
        if (room == null || room.isBlank() || key == null || key.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("room, key and name must not be blank");
        }
        String slot = room + "\n" + key;
        OutputRelay previous = byKey.get(slot);
        if (previous != null && previous.reclaim()) {
            LOG.info("Session output {} of room {} claimed again: track {}", key, room, previous.trackSid());
            return previous;
        }
        OutputRelay relay = new OutputRelay(registry, rooms, room, key, "session-output-" + UUID.randomUUID().toString().substring(0, 8),
                r -> {
                    byKey.remove(slot, r);
                    all.remove(r);
                });
        try {
            relay.open(name);
        } catch (RuntimeException e) {
            relay.close();
            throw e;
        }
        all.add(relay);
        byKey.put(slot, relay); // a holder that still has the previous one keeps it, under no key
        return relay;
    }

    /** Closes the released relays nobody claimed in time. */
    private void sweep() {
        for (OutputRelay r : all) {
            if (r.released() && r.releasedLongerThan(TimeUnit.SECONDS.toNanos(RECLAIM_SECONDS))) {
                LOG.info("Session output {} of room {} was not claimed again within {} s: it ends", r.key, r.room, RECLAIM_SECONDS);
                r.close();
            }
        }
    }
}
