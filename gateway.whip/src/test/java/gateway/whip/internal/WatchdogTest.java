package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    private static Bridge bridge(CompletableFuture<Bridge> tornDown) {
        return new Bridge(1, new BridgeRequest("127.0.0.1", 9, null, "stun.example.org", 3478), new InetSocketAddress("127.0.0.1", 9),
                new Bridge.BridgeHost() {
                    @Override
                    public OpusRelay relay(Bridge bridge) {
                        throw new AssertionError("no offer in this test");
                    }

                    @Override
                    public void teardown(Bridge bridge) {
                        tornDown.complete(bridge);
                    }

                    @Override
                    public void whipConnected(Bridge bridge) {
                    }
                });
    }

    @Test
    void aBridgeNobodyConnectsToEndsWhenItsTimeIsUp() throws Exception {
        CompletableFuture<Bridge> tornDown = new CompletableFuture<>();
        Bridge idle = bridge(tornDown);
        try (Watchdog watchdog = new Watchdog(() -> List.of(idle), Duration.ZERO)) {
            watchdog.check();
        }
        Bridge ended = tornDown.get(5, TimeUnit.SECONDS);
        assertEquals(EndCause.NO_MEDIA, ended.endCause());
        assertEquals("no media for 0 s (no publisher connected)", ended.endReason());
        assertEquals(BridgeState.ENDED, ended.state());
        assertEquals("ended", ended.describe().get("state"));
        assertEquals("no-media", ended.describe().get("cause"));
    }

    @Test
    void aBridgeWithinItsTimeRunsOn() {
        CompletableFuture<Bridge> tornDown = new CompletableFuture<>();
        Bridge fresh = bridge(tornDown);
        try (Watchdog watchdog = new Watchdog(() -> List.of(fresh), Duration.ofMinutes(1))) {
            watchdog.check();
        }
        assertFalse(fresh.isEnded());
        assertEquals(BridgeState.WAITING, fresh.state());
    }
}
