package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        Thread releaser = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // test ends
            }
            pool.release(7);
        });
        long t0 = System.nanoTime();
        pool.awaitRelease(5_000);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 4_000);
        assertEquals(7, pool.take().getAsInt());
        releaser.join();
    }
}
