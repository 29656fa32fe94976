package gateway.lib.rtc.internal.dtls;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how many DTLS handshakes of a transport compute at once, so that hundreds of listeners joining together
 * cannot take every core from the threads that forward packets to the listeners already playing. A handshake holds
 * its place only while it computes: it gives it up while it waits for the remote party's next flight and queues for
 * it again when that flight arrives.
 * <p>
 * The queue is ordered by when each handshake began, the oldest first, not by when a flight arrived: a handshake
 * that has started is finished before a new ClientHello is looked at. Under a crowd of joins the handshakes then
 * complete one after the other, each in about the time of its own computation, instead of all advancing a flight at
 * a time together and all finishing late (past the peers' retransmission timers, which adds work). A session that
 * ends while it waits is woken ({@link #wake}) and leaves the queue at once.
 * <p>
 * Admission control: while the owner's {@linkplain #holdWhile hold condition} is true (its forwarding to the peers
 * already playing has fallen behind), no handshake gets a place to begin; those that have begun (computed a flight
 * already) still get theirs, oldest first, so a handshake is held at most once, before its first computation, and the
 * work done for it is not lost to the peer's retransmission timers. The new ones wait, oldest first, until the
 * condition is false again ({@link #recheck}, called on every timer tick of the transport). Listeners who play come
 * before listeners who join. A hold lasts at most {@link #MAX_HOLD_NANOS} at a
 * time, then the handshakes go on at the gate's normal pace for {@link #GO_ON_NANOS} before the next hold: forwarding
 * that stays behind that long is short of CPU whatever the joins do, and joins must not wait for ever.
 */
public final class HandshakeGate {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);
    /** How long one hold may last before the gate hands out places again regardless. */
    public static final long MAX_HOLD_NANOS = 5_000_000_000L;
    /** How long handshakes go on after a hold that lasted {@link #MAX_HOLD_NANOS}, before the gate may hold again. */
    public static final long GO_ON_NANOS = 1_000_000_000L;
    private static final BooleanSupplier NEVER = () -> false;

    private final int size;
    private final ReentrantLock lock = new ReentrantLock();
    /** Handshakes waiting for their first computation (a hold keeps them waiting). */
    private final PriorityQueue<Turn> fresh = new PriorityQueue<>(HandshakeGate::older);
    /** Handshakes that have computed a flight and wait to compute the next (a hold does not keep them). */
    private final PriorityQueue<Turn> begun = new PriorityQueue<>(HandshakeGate::older);
    private volatile BooleanSupplier hold = NEVER;
    // under lock
    private int free;
    private long tickets;
    /** Since when the gate holds (System.nanoTime), 0: it does not. */
    private long heldSince;
    /** After a hold of MAX_HOLD_NANOS: the hold condition is ignored until then (System.nanoTime), 0: not. */
    private long goOnUntil;
    private long holds;
    private long heldNanos;
    private long overrides;

    /** @param size handshakes computing at once (at least 1) */
    public HandshakeGate(int size) {
        if (size < 1) throw new IllegalArgumentException("size must be at least 1");
        this.size = size;
        this.free = size;
    }

    /** Half of the machine's cores, at least one: the other half stays with forwarding. */
    public static HandshakeGate forThisMachine() {
        return new HandshakeGate(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** @return the handshakes that may compute at once */
    public int size() {
        return size;
    }

    /**
     * Sets the condition under which no handshake gets a place (see the class comment); the last one set counts.
     *
     * @param condition asked whenever a place could be handed out and on every {@link #recheck}; must be cheap and
     *                  must not block (it is asked under the gate's lock)
     */
    public void holdWhile(BooleanSupplier condition) {
        hold = condition == null ? NEVER : condition;
        recheck(System.nanoTime());
    }

    /**
     * Looks at the hold condition again and hands the free places to the oldest handshakes waiting if it no longer
     * holds. Called on the transport's timer tick.
     *
     * @param now System.nanoTime()
     */
    public void recheck(long now) {
        if (hold == NEVER) return; // without a hold condition places are handed on as they are given back
        lock.lock();
        try {
            handOut(now);
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the gate holds every waiting handshake back now (the hold condition is asked) */
    public boolean holding() {
        lock.lock();
        try {
            return held(System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** @return how many times the gate began to hold since it was made */
    public long holds() {
        lock.lock();
        try {
            return holds;
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param now System.nanoTime()
     * @return the time the gate has held, in nanoseconds, the current hold included
     */
    public long heldNanos(long now) {
        lock.lock();
        try {
            return heldNanos + (heldSince == 0 ? 0 : Math.max(0, now - heldSince));
        } finally {
            lock.unlock();
        }
    }

    /** @return how many holds were ended after {@link #MAX_HOLD_NANOS} although the condition still held */
    public long overrides() {
        lock.lock();
        try {
            return overrides;
        } finally {
            lock.unlock();
        }
    }

    /** @return the handshakes waiting for their place now */
    public int waiting() {
        lock.lock();
        try {
            return fresh.size() + begun.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A handshake's place in the line, used by one thread at a time (the handshake's own).
     *
     * @param began System.nanoTime() when the handshake began: the earlier, the sooner it computes
     */
    public Turn turn(long began) {
        lock.lock();
        try {
            return new Turn(began, tickets++);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a place, behind every handshake that began earlier and waits too.
     *
     * @param ended tells whether the handshake has ended meanwhile; looked at whenever {@link #wake} is called
     * @return true with a place held, false when the handshake ended first (then no place is held)
     */
    boolean enter(Turn turn, BooleanSupplier ended) throws InterruptedException {
        lock.lock();
        try {
            if (turn.holding) return true;
            if (ended.getAsBoolean()) return false;
            queueOf(turn).add(turn);
            handOut(System.nanoTime()); // a free place goes to it at once if nobody older waits (and no hold keeps it)
            try {
                while (!turn.holding) {
                    if (ended.getAsBoolean()) break;
                    turn.granted.await();
                }
            } catch (InterruptedException e) {
                drop(turn);
                throw e;
            }
            if (!turn.holding) {
                queueOf(turn).remove(turn);
                return false;
            }
            if (ended.getAsBoolean()) {
                passOn(turn);
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives a place back, to the oldest handshake waiting; nothing when the turn holds none. */
    void leave(Turn turn) {
        lock.lock();
        try {
            if (turn.holding) passOn(turn);
        } finally {
            lock.unlock();
        }
    }

    /** Lets a handshake that waits for its place look at whether it has ended. */
    void wake(Turn turn) {
        lock.lock();
        try {
            turn.granted.signal();
        } finally {
            lock.unlock();
        }
    }

    // under lock
    private void drop(Turn turn) {
        if (turn.holding) passOn(turn);
        else queueOf(turn).remove(turn);
    }

    private PriorityQueue<Turn> queueOf(Turn turn) {
        return turn.begun ? begun : fresh;
    }

    // under lock: whether places are held back now; keeps the hold's figures
    private boolean held(long now) {
        boolean behind = hold.getAsBoolean();
        if (!behind) {
            goOnUntil = 0;
            if (heldSince != 0) {
                long d = Math.max(0, now - heldSince);
                heldNanos += d;
                heldSince = 0;
                if (LOG.isDebugEnabled()) LOG.debug("DTLS handshakes go on after {} ms held ({} waiting)", d / 1_000_000, fresh.size());
            }
            return false;
        }
        if (goOnUntil != 0) {
            if (now - goOnUntil < 0) return false;
            goOnUntil = 0; // a new hold
        }
        if (heldSince == 0) {
            heldSince = now | 1; // never 0, which means "not holding"
            holds++;
            if (LOG.isDebugEnabled()) LOG.debug("DTLS handshakes held: forwarding is behind ({} waiting)", fresh.size());
            return true;
        }
        if (now - heldSince >= MAX_HOLD_NANOS) {
            heldNanos += now - heldSince;
            heldSince = 0;
            goOnUntil = (now + GO_ON_NANOS) | 1;
            overrides++;
            LOG.debug("DTLS handshakes go on for {} ms although forwarding is still behind after {} s held", GO_ON_NANOS / 1_000_000,
                    MAX_HOLD_NANOS / 1_000_000_000L);
            return false;
        }
        return true;
    }

    // under lock; the turn holds a place: it has computed, so its handshake has begun
    private void passOn(Turn turn) {
        turn.holding = false;
        turn.begun = true;
        free++;
        handOut(System.nanoTime());
    }

    // under lock: the free places to the oldest handshakes waiting; while held, only to those that have begun
    private void handOut(long now) {
        boolean held = held(now); // asked even when nobody waits: the hold's figures follow the condition
        while (free > 0) {
            Turn b = begun.peek();
            Turn f = held ? null : fresh.peek();
            Turn next = f == null || b != null && older(b, f) <= 0 ? b : f;
            if (next == null) return;
            queueOf(next).poll();
            free--;
            next.holding = true;
            next.granted.signal();
        }
    }

    private static int older(Turn a, Turn b) {
        int c = Long.compare(a.began - b.began, 0); // nanoTime values: compared by their difference
        return c != 0 ? c : Long.compare(a.ticket, b.ticket);
    }

    /** One handshake's place in the line; see {@link #turn}. */
    public final class Turn {
        final long began;
        final long ticket;
        final Condition granted = lock.newCondition();
        // under lock
        boolean holding;
        /** Whether the handshake has computed a flight: a hold no longer keeps it from its place. */
        boolean begun;

        private Turn(long began, long ticket) {
            this.began = began;
            this.ticket = ticket;
        }
    }
}
