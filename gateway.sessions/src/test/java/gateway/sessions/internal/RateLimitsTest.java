package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimitsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void taskMessagesOncePer2SecondsAndPauseOrEndOncePer3Seconds() {
        RateLimits r = new RateLimits();
        long t = 1_000 * S;
        assertTrue(r.task(t));
        assertFalse(r.task(t + S));
        assertTrue(r.task(t + 2 * S));
        assertTrue(r.control(t));
        assertFalse(r.control(t + 2 * S));
        assertTrue(r.control(t + 3 * S));
    }

    @Test
    void twentyConnectionsInAnyMinute() {
        RateLimits r = new RateLimits();
        long t = 5_000 * S;
        for (int i = 0; i < 20; i++) assertTrue(r.connect(t + i * S));
        assertFalse(r.connect(t + 30 * S));
        assertTrue(r.connect(t + 60 * S), "the first connection left the window");
        assertFalse(r.connect(t + 60 * S));
    }
}
