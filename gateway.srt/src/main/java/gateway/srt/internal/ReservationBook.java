package gateway.srt.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The gate's slots: reservations waiting for their caller, and streams that are live. A reservation
 * holds a slot from {@link #reserve} until its caller disconnects or, if nobody connects, until it
 * expires. Thread-safe (all methods synchronized; the book is small).
 */
final class ReservationBook {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile int slots;
    private volatile Duration timeout;
    /** token → reservation, in reservation order */
    private final Map<String, Reservation> pending = new LinkedHashMap<>();
    private final Map<String, Reservation> live = new LinkedHashMap<>();

    ReservationBook(Clock clock, int slots, Duration timeout) {
        this.clock = clock;
        configure(slots, timeout);
    }

    void configure(int slots, Duration timeout) {
        this.slots = Math.max(1, slots);
        this.timeout = timeout;
    }

    int slots() {
        return slots;
    }

    synchronized Reservation reserve(UUID event, boolean record) throws GateBusyException {
        expire();
        if (pending.size() + live.size() >= slots) throw new GateBusyException(slots);
        byte[] b = new byte[16];
        random.nextBytes(b);
        Reservation r = new Reservation(event, HexFormat.of().formatHex(b), clock.instant().plus(timeout), record);
        pending.put(r.token(), r);
        return r;
    }

    /** The tokens a caller may be using: of the reservation for its stream id (an event id), else of all pending. */
    synchronized List<Reservation> candidates(String streamId) {
        expire();
        List<Reservation> out = new ArrayList<>();
        for (Reservation r : pending.values()) {
            if (streamId.isEmpty() || streamId.equals(r.event().toString())) out.add(r);
        }
        return out;
    }

    /** The caller with this reservation connected: the slot is now live. */
    synchronized boolean connect(Reservation r) {
        if (pending.remove(r.token()) == null) return false;
        live.put(r.token(), r);
        return true;
    }

    /** The stream of this reservation ended: the slot is free. */
    synchronized void release(Reservation r) {
        live.remove(r.token());
    }

    /** Drops reservations whose time is up; returns them. */
    synchronized List<Reservation> expire() {
        Instant now = clock.instant();
        List<Reservation> lapsed = new ArrayList<>();
        pending.values().removeIf(r -> {
            boolean over = !r.expiresAt().isAfter(now);
            if (over) lapsed.add(r);
            return over;
        });
        return lapsed;
    }

    /** The event streaming now (or about to: reserved), the oldest first; empty when the gate is free. */
    synchronized Optional<UUID> currentEvent() {
        expire();
        if (!live.isEmpty()) return Optional.of(live.values().iterator().next().event());
        if (!pending.isEmpty()) return Optional.of(pending.values().iterator().next().event());
        return Optional.empty();
    }

    synchronized boolean isFree() {
        expire();
        return pending.isEmpty() && live.isEmpty();
    }
}
