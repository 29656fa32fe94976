package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void parsesPortsAndRanges() {
        assertEquals(List.of(10401), PortPool.parse("10401"));
        assertEquals(List.of(10401, 10402, 10403, 10420), PortPool.parse(" 10401-10403 , 10420,10402"));
        for (String bad : List.of("", "abc", "0", "70000", "10405-10401", "1-20000")) {
            assertThrows(IllegalArgumentException.class, () -> PortPool.parse(bad), bad);
        }
    }

    @Test
    void onePortPerBridgeUntilReleased() {
        PortPool pool = new PortPool(List.of(1, 2));
        assertEquals(1, pool.take().getAsInt());
        assertEquals(2, pool.take().getAsInt());
        assertTrue(pool.take().isEmpty());
        pool.release(1);
        assertEquals(1, pool.take().getAsInt());
        assertEquals(0, pool.free());
    }

    @Test
    void aWaiterWakesWhenAPortIsReleased() throws Exception {
        PortPool pool = new PortPool(List.of(7));
        pool.take();
        CompletableFuture<Long> woke = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            long t0 = System.nanoTime();
            try {
                pool.awaitRelease(30_000);
            } catch (InterruptedException e) {
                woke.completeExceptionally(e);
            }
            woke.complete((System.nanoTime() - t0) / 1_000_000);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(Thread.State.TIMED_WAITING, waiter.getState(), "the waiter waits for a port");
        pool.release(7);
        long waited = woke.get(10, TimeUnit.SECONDS);
        assertTrue(waited < 10_000, "woke after " + waited + " ms, not after its 30 s limit");
        assertEquals(7, pool.take().getAsInt());
    }
}
