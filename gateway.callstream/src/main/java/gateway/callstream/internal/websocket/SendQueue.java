package gateway.callstream.internal.websocket;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * What waits for a connection's writer thread: frames to send, in order, in an array that grows as needed. Media
 * is queued 50 times a second per stream, so queueing costs no object per item (a linked queue's node) and waking
 * the writer none either (a condition's wait node): the one waiting thread is parked and unparked directly. Any
 * number of threads add; one thread takes.
 */
final class SendQueue {
    private final ArrayDeque<Object> items = new ArrayDeque<>(16);
    private Thread waiting;

    /** Adds an item and wakes the writer if it waits. */
    void add(Object item) {
        Thread wake;
        synchronized (this) {
            items.addLast(item);
            wake = waiting;
            waiting = null;
        }
        if (wake != null) LockSupport.unpark(wake);
    }

    /** @return the next item, or {@code null} if none is queued */
    synchronized Object poll() {
        return items.pollFirst();
    }

    /** @return the next item, waiting for one (the writer thread only) */
    Object take() throws InterruptedException {
        while (true) {
            synchronized (this) {
                Object next = items.pollFirst();
                if (next != null) return next;
                waiting = Thread.currentThread();
            }
            LockSupport.park(this); // returns at once if add() unparked us in between
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    /** Drops what is queued. */
    synchronized void clear() {
        items.clear();
    }
}
