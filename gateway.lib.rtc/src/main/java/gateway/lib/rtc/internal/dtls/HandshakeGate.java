package gateway.lib.rtc.internal.dtls;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounds how many DTLS handshakes of a transport compute at once, so that hundreds of listeners joining together
 * cannot take every core from the threads that forward packets to the listeners already playing. A handshake holds
 * its place only while it computes: it gives it up while it waits for the remote party's next flight and queues for
 * it again (first come, first served) when that flight arrives. Joining then takes longer under a crowd of joins,
 * answering an offer does not (no handshake runs on that path), and forwarding keeps the remaining cores.
 */
public final class HandshakeGate {
    /** Checks the session's end every so often while it waits for its place. */
    private static final long POLL_MILLIS = 100;

    private final Semaphore places;
    private final int size;

    /** @param size handshakes computing at once (at least 1) */
    public HandshakeGate(int size) {
        if (size < 1) throw new IllegalArgumentException("size must be at least 1");
        this.size = size;
        this.places = new Semaphore(size, true);
    }

    /** Half of the machine's cores, at least one: the other half stays with forwarding. */
    public static HandshakeGate forThisMachine() {
        return new HandshakeGate(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** @return the handshakes that may compute at once */
    public int size() {
        return size;
    }

    /** @return the handshakes waiting for their place now (an estimate, for figures) */
    public int waiting() {
        return places.getQueueLength();
    }

    /**
     * Waits for a place.
     *
     * @param ended tells whether the handshake has ended meanwhile (checked every 100 ms)
     * @return true with a place held, false when the handshake ended first
     */
    boolean enter(BooleanSupplier ended) throws InterruptedException {
        while (!places.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (ended.getAsBoolean()) return false;
        }
        if (ended.getAsBoolean()) {
            places.release();
            return false;
        }
        return true;
    }

    /** Gives a place back. */
    void leave() {
        places.release();
    }
}
