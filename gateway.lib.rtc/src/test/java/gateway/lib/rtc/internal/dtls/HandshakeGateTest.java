package gateway.lib.rtc.internal.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The gate's order: the oldest handshake first, whatever order the flights arrive in; ends wake their waiters. */
class HandshakeGateTest {
    private static final long WAIT_SECONDS = 30;

    @Test
    void theOldestHandshakeWaitingGetsThePlaceNotTheFirstToAsk() throws Exception {
        HandshakeGate gate = new HandshakeGate(1);
        HandshakeGate.Turn holder = gate.turn(0);
        assertTrue(gate.enter(holder, () -> false));
        List<String> order = new CopyOnWriteArrayList<>();
        // a new ClientHello (began late) asks first, then the next flights of two handshakes that began earlier
        Thread fresh = waiter(gate, gate.turn(300), "fresh", order, 1);
        Thread later = waiter(gate, gate.turn(200), "second", order, 2);
        Thread oldest = waiter(gate, gate.turn(100), "first", order, 3);
        assertEquals(3, gate.waiting());
        gate.leave(holder);
        for (Thread t : List.of(fresh, later, oldest)) assertTrue(t.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(List.of("first", "second", "fresh"), order);
        assertEquals(0, gate.waiting());
    }

    @Test
    void handshakesThatBeganTogetherGoInTheOrderTheyAskedForTheirTurn() throws Exception {
        HandshakeGate gate = new HandshakeGate(1);
        HandshakeGate.Turn holder = gate.turn(0);
        assertTrue(gate.enter(holder, () -> false));
        List<String> order = new CopyOnWriteArrayList<>();
        HandshakeGate.Turn a = gate.turn(50), b = gate.turn(50);
        Thread tb = waiter(gate, b, "b", order, 1);
        Thread ta = waiter(gate, a, "a", order, 2);
        gate.leave(holder);
        assertTrue(ta.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertTrue(tb.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(List.of("a", "b"), order); // the turn taken first, not the thread that queued first
    }

    @Test
    void aPlaceIsFreeAgainOnceGivenBackAndSizeBoundsTheHolders() throws Exception {
        HandshakeGate gate = new HandshakeGate(2);
        HandshakeGate.Turn a = gate.turn(1), b = gate.turn(2), c = gate.turn(3);
        assertTrue(gate.enter(a, () -> false));
        assertTrue(gate.enter(b, () -> false));
        assertTrue(gate.enter(a, () -> false), "a turn that holds a place keeps it");
        List<String> order = new CopyOnWriteArrayList<>();
        Thread tc = waiter(gate, c, "c", order, 1);
        assertEquals(List.of(), order);
        gate.leave(b);
        assertTrue(tc.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(List.of("c"), order);
        gate.leave(a);
        gate.leave(c);
        gate.leave(c); // a turn without a place gives nothing back
        HandshakeGate.Turn d = gate.turn(4), e = gate.turn(5), f = gate.turn(6);
        assertTrue(gate.enter(d, () -> false));
        assertTrue(gate.enter(e, () -> false));
        Thread tf = waiter(gate, f, "f", order, 1);
        assertEquals(1, gate.waiting(), "two places at most, even after a place was given back twice");
        gate.leave(d);
        assertTrue(tf.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
    }

    @Test
    void anEndedHandshakeLeavesTheLineWhenWokenAndTheNextOneGetsThePlace() throws Exception {
        HandshakeGate gate = new HandshakeGate(1);
        HandshakeGate.Turn holder = gate.turn(0);
        assertTrue(gate.enter(holder, () -> false));
        AtomicBoolean ended = new AtomicBoolean();
        HandshakeGate.Turn doomed = gate.turn(10);
        CountDownLatch out = new CountDownLatch(1);
        AtomicBoolean got = new AtomicBoolean(true);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got.set(gate.enter(doomed, ended::get));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.countDown();
        });
        awaitWaiting(gate, 1);
        ended.set(true);
        gate.wake(doomed);
        assertTrue(out.await(WAIT_SECONDS, TimeUnit.SECONDS), "woken at once, without the place being given back");
        assertFalse(got.get());
        assertEquals(0, gate.waiting());
        t.join();
        gate.leave(holder);
        assertTrue(gate.enter(gate.turn(20), () -> false), "the place went back to the gate, not to the ended handshake");
    }

    @Test
    void anEndedHandshakeDoesNotQueueAndAnInterruptedOneLeavesTheLine() throws Exception {
        HandshakeGate gate = new HandshakeGate(1);
        assertFalse(gate.enter(gate.turn(1), () -> true));
        HandshakeGate.Turn holder = gate.turn(2);
        assertTrue(gate.enter(holder, () -> false));
        HandshakeGate.Turn waiting = gate.turn(3);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                gate.enter(waiting, () -> false);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        awaitWaiting(gate, 1);
        t.interrupt();
        t.join();
        assertTrue(interrupted.get());
        assertEquals(0, gate.waiting());
        assertThrows(IllegalArgumentException.class, () -> new HandshakeGate(0));
    }

    @Test
    void whileHeldNoHandshakeGetsAPlaceAndTheOldestGoesFirstOnceTheHoldIsOver() throws Exception {
        HandshakeGate gate = new HandshakeGate(1);
        AtomicBoolean behind = new AtomicBoolean();
        gate.holdWhile(behind::get);
        HandshakeGate.Turn computing = gate.turn(0);
        assertTrue(gate.enter(computing, () -> false), "not held: a free place is taken at once");
        behind.set(true);
        assertTrue(gate.enter(computing, () -> false), "a handshake that computes keeps its place through a hold");
        List<String> order = new CopyOnWriteArrayList<>();
        Thread late = waiter(gate, gate.turn(200), "late", order, 1);
        Thread early = waiter(gate, gate.turn(100), "early", order, 2);
        assertTrue(gate.holding());
        assertEquals(1, gate.holds());
        gate.leave(computing); // its place goes back to the gate, not to a waiter
        gate.recheck(System.nanoTime());
        HandshakeGate.Turn fresh = gate.turn(300);
        Thread third = waiter(gate, fresh, "fresh", order, 3); // a free place, but held: it queues
        assertEquals(List.of(), order, "nobody computes while the hold lasts");
        assertEquals(3, gate.waiting());
        behind.set(false);
        gate.recheck(System.nanoTime());
        for (Thread t : List.of(late, early, third)) assertTrue(t.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(List.of("early", "late", "fresh"), order);
        assertFalse(gate.holding());
        assertTrue(gate.heldNanos(System.nanoTime()) > 0);
        assertEquals(0, gate.overrides());
        behind.set(true);
        gate.recheck(System.nanoTime());
        assertEquals(2, gate.holds(), "a new hold once forwarding fell behind again");
        assertFalse(gate.enter(gate.turn(400), () -> true), "an ended handshake does not wait out a hold");
    }

    @Test
    void aHoldThatLastsLongerThanItMayLetsHandshakesGoOnForAMomentBeforeTheNextHold() throws Exception {
        // one place: the two waiters compute one after the other, so the order they note is the gate's, not the scheduler's
        HandshakeGate gate = new HandshakeGate(1);
        AtomicBoolean behind = new AtomicBoolean(true);
        gate.holdWhile(behind::get);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread a = waiter(gate, gate.turn(1), "a", order, 1);
        Thread b = waiter(gate, gate.turn(2), "b", order, 2);
        long began = System.nanoTime();
        gate.recheck(began + HandshakeGate.MAX_HOLD_NANOS / 2);
        assertEquals(2, gate.waiting(), "still held within the longest hold");
        gate.recheck(began + HandshakeGate.MAX_HOLD_NANOS + 1_000_000_000L);
        for (Thread t : List.of(a, b)) assertTrue(t.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(List.of("a", "b"), order);
        assertEquals(1, gate.overrides());
        assertFalse(gate.holding());
        assertTrue(gate.enter(gate.turn(3), () -> false), "places are handed out for a moment while forwarding is still behind");
        gate.recheck(began + HandshakeGate.MAX_HOLD_NANOS + 1_000_000_000L + HandshakeGate.GO_ON_NANOS + 1);
        assertTrue(gate.holding(), "then the next hold");
        assertEquals(2, gate.holds());
    }

    @Test
    void aHandshakeThatHasBegunIsNotHeldForItsNextFlightOnlyNewOnesAre() throws Exception {
        HandshakeGate gate = new HandshakeGate(1);
        AtomicBoolean behind = new AtomicBoolean();
        gate.holdWhile(behind::get);
        HandshakeGate.Turn begun = gate.turn(100);
        assertTrue(gate.enter(begun, () -> false));
        gate.leave(begun); // its first flight is out; it waits for the peer's next
        behind.set(true);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread fresh = waiter(gate, gate.turn(50), "fresh", order, 1); // began earlier, but has not computed yet
        assertTrue(gate.holding());
        assertTrue(gate.enter(begun, () -> false), "the begun handshake computes its next flight through the hold");
        gate.leave(begun);
        Thread second = waiter(gate, gate.turn(200), "second", order, 2);
        assertEquals(List.of(), order, "the new ones wait while the hold lasts");
        behind.set(false);
        gate.recheck(System.nanoTime());
        for (Thread t : List.of(fresh, second)) assertTrue(t.join(java.time.Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals(List.of("fresh", "second"), order);
    }

    /** Starts a thread that queues for the turn and notes its name once it has the place, then gives it back. */
    private static Thread waiter(HandshakeGate gate, HandshakeGate.Turn turn, String name, List<String> order, int queued)
            throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                if (gate.enter(turn, () -> false)) {
                    order.add(name);
                    gate.leave(turn);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitWaiting(gate, queued);
        return t;
    }

    private static void awaitWaiting(HandshakeGate gate, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (gate.waiting() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("never " + n + " waiting");
            Thread.sleep(1);
        }
    }
}
