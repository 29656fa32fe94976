package gateway.lib.rtc.internal.dtls;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

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
 */
public final class HandshakeGate {
    private final int size;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Turn> queue = new PriorityQueue<>(HandshakeGate::older);
    // under lock
    private int free;
    private long tickets;

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

    /** @return the handshakes waiting for their place now */
    public int waiting() {
        lock.lock();
        try {
            return queue.size();
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
            if (free > 0 && queue.isEmpty()) {
                free--;
                turn.holding = true;
                return true;
            }
            queue.add(turn);
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
                queue.remove(turn);
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
        else queue.remove(turn);
    }

    // under lock; the turn holds a place
    private void passOn(Turn turn) {
        turn.holding = false;
        Turn next = queue.poll();
        if (next == null) {
            free++;
            return;
        }
        next.holding = true;
        next.granted.signal();
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

        private Turn(long began, long ticket) {
            this.began = began;
            this.ticket = ticket;
        }
    }
}
