package gateway.core.internal.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gateway.api.stream.MediaPacket;
import gateway.api.stream.MediaSession;
import gateway.api.stream.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A session that records what it receives and lets a test wait for it; a test can hold the session's
 * thread inside {@code onPacket} (gate) and see when it got there (inPacket).
 */
class RecordingSession implements MediaSession {
    static final long WAIT_SECONDS = 10;

    private final List<MediaPacket> packets = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    final CountDownLatch inPacket = new CountDownLatch(1);
    private volatile CountDownLatch gate;
    private volatile String end;

    RecordingSession hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void release() {
        gate.countDown();
    }

    @Override
    public void onPacket(MediaPacket packet) throws InterruptedException {
        inPacket.countDown();
        CountDownLatch g = gate;
        if (g != null) g.await();
        synchronized (this) {
            packets.add(packet);
            calls.add("packet " + packet.sequence());
            notifyAll();
        }
    }

    @Override
    public synchronized void onMetadata(java.util.Map<String, String> metadata) {
        calls.add("metadata " + metadata);
    }

    @Override
    public void onEnd(StreamState state, String reason) {
        finish(state + ":" + reason);
    }

    @Override
    public void onDetached() {
        finish("detached");
    }

    private void finish(String how) {
        synchronized (this) {
            calls.add(how);
            if (end != null) calls.add("second final callback: " + how);
        }
        end = how;
        finished.countDown();
    }

    synchronized List<MediaPacket> packets() {
        return List.copyOf(packets);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** @return how the session ended, or null if it has not */
    String end() {
        return end;
    }

    /** Waits until the session has received at least n packets. */
    synchronized void awaitPackets(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (packets.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) fail("received " + packets.size() + " of " + n + " packets");
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the final callback and returns it. */
    String awaitEnd() throws InterruptedException {
        assertTrue(finished.await(WAIT_SECONDS, TimeUnit.SECONDS), "the session got its final callback");
        return end;
    }
}
