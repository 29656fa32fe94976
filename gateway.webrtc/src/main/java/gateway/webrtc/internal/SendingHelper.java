package gateway.webrtc.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One platform thread that takes half of the sending of a stream with many listeners, so that a stream's packet goes
 * out on two cores: the stream's own thread sends to one half of its listeners while this thread sends to the other,
 * and the stream's thread waits for it before the next packet (so each listener's sender is used by one thread at a
 * time, in packet order). Shared by every played stream; nothing is allocated per packet.
 */
final class SendingHelper implements AutoCloseable {
    /** A half of one packet's sending, handed over and awaited by the stream's thread; one per stream, reused. */
    static final class Half {
        private WhepSession[] sessions;
        private int from;
        private int to;
        private gateway.api.stream.MediaPacket packet;
        private volatile boolean done = true;
        private volatile Thread waiter;

        void set(WhepSession[] sessions, int from, int to, gateway.api.stream.MediaPacket packet) {
            this.sessions = sessions;
            this.from = from;
            this.to = to;
            this.packet = packet;
            this.waiter = Thread.currentThread();
            this.done = false;
        }

        void run() {
            try {
                StreamFanout.sendRange(sessions, from, to, packet);
            } finally {
                packet = null;
                sessions = null;
                done = true;
                LockSupport.unpark(waiter);
            }
        }

        /** Waits (on the stream's thread) until the helper has sent this half. */
        void await() {
            while (!done) LockSupport.park(this);
        }
    }

    private final ArrayBlockingQueue<Half> halves = new ArrayBlockingQueue<>(256);
    private final Thread thread;
    private volatile boolean open = true;
    /** Halves this thread took to send; written by it alone. */
    private volatile long halvesSent;

    SendingHelper() {
        thread = Thread.ofPlatform().name("whep-send").daemon().start(this::loop);
    }

    /** @return false if the helper cannot take it (closed, or full): the caller sends that half itself */
    boolean offer(Half half) {
        return open && halves.offer(half);
    }

    private void loop() {
        while (open) {
            Half h;
            try {
                h = halves.take();
            } catch (InterruptedException e) {
                break;
            }
            halvesSent++;
            h.run();
        }
        // closing: whatever was handed over is still sent, so no stream's thread waits for ever
        Half h;
        while ((h = halves.poll()) != null) h.run();
    }

    /** @return the halves this thread took to send (a figure: it shows that sending was shared) */
    long halvesSent() {
        return halvesSent;
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Half h;
        while ((h = halves.poll()) != null) h.run();
    }
}
