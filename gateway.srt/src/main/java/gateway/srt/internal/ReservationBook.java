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
 * expires: at its {@code expiresAt} exactly, by the book's clock. Thread-safe (all methods
 * synchronized; the book is small).
 */
final class ReservationBook {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile int slots;
    private volatile Duration timeout;
    /** token → reservation, in reservation order */
    private final Map<String, Reservation> pending = new LinkedHashMap<>();
    private final Map<String, Reservation> live = new LinkedHashMap<>();
    /** Lapsed since the last {@link #expire}, whichever call noticed it. */
    private final List<Reservation> lapsed = new ArrayList<>();

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

    /** @return the book's time (also the time {@code /check} reports) */
    Instant now() {
        return clock.instant();
    }

    /**
     * Reserves a slot for an event, with a fresh token, until now + the timeout.
     *
     * @throws GateBusyException when every slot is reserved or live
     */
    synchronized Reservation reserve(UUID event, boolean record) throws GateBusyException {
        lapse();
        if (pending.size() + live.size() >= slots) throw new GateBusyException(slots);
        byte[] b = new byte[16];
        random.nextBytes(b);
        Reservation r = new Reservation(event, HexFormat.of().formatHex(b), clock.instant().plus(timeout), record);
        pending.put(r.token(), r);
        return r;
    }

    /**
     * The reservations a caller may be using, oldest first: the one for its stream id (an event id), or
     * every pending one when it sent no stream id.
     */
    synchronized List<Reservation> candidates(String streamId) {
        lapse();
        List<Reservation> out = new ArrayList<>();
        for (Reservation r : pending.values()) {
            if (streamId.isEmpty() || streamId.equals(r.event().toString())) out.add(r);
        }
        return out;
    }

    /** @return reservations waiting for their caller now */
    synchronized int pendingCount() {
        lapse();
        return pending.size();
    }

    /** @return reservations whose caller is streaming now */
    synchronized int liveCount() {
        return live.size();
    }

    /**
     * The caller with this reservation connected: the slot is now live.
     *
     * @return false when the reservation is no longer pending (it lapsed, or another caller took it)
     */
    synchronized boolean connect(Reservation r) {
        lapse();
        if (pending.remove(r.token()) == null) return false;
        live.put(r.token(), r);
        return true;
    }

    /** The stream of this reservation ended: the slot is free. */
    synchronized void release(Reservation r) {
        live.remove(r.token());
    }

    /** @return the reservations that lapsed unused since the last call (each reported once) */
    synchronized List<Reservation> expire() {
        lapse();
        List<Reservation> out = List.copyOf(lapsed);
        lapsed.clear();
        return out;
    }

    /** The event streaming now (or about to: reserved), the oldest first; empty when the gate is free. */
    synchronized Optional<UUID> currentEvent() {
        lapse();
        if (!live.isEmpty()) return Optional.of(live.values().iterator().next().event());
        if (!pending.isEmpty()) return Optional.of(pending.values().iterator().next().event());
        return Optional.empty();
    }

    synchronized boolean isFree() {
        lapse();
        return pending.isEmpty() && live.isEmpty();
    }

    /** Moves the reservations whose time is up (at expiresAt exactly) from pending to lapsed. */
    private void lapse() {
        Instant now = clock.instant();
        pending.values().removeIf(r -> {
            boolean over = !r.expiresAt().isAfter(now);
            if (over) lapsed.add(r);
            return over;
        });
    }
}
