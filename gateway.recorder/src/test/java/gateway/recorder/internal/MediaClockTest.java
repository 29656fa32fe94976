package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MediaClockTest {
    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final MediaClock clock = new MediaClock(wall::get);

    @Test
    void packetsAreTimedByTheStreamsTimelineFromTheFirstOn() {
        assertEquals(1_000_000, clock.wallMillis(5_000_000));
        wall.addAndGet(3_000); // processed three seconds late
        assertEquals(1_000_020, clock.wallMillis(5_020_000), "the timeline, not the late wall clock");
        assertEquals(1_009_000, clock.wallMillis(14_000_000));
    }

    @Test
    void aJumpOfTheTimelineReanchorsIt() {
        clock.wallMillis(60_000_000);
        wall.addAndGet(40);
        assertEquals(1_000_040, clock.wallMillis(0), "timestamps restarted a minute back (a chained stream)");
        assertEquals(1_000_060, clock.wallMillis(20_000));
        assertEquals(1_000_040, clock.wallMillis(11_020_000), "more than 10 s ahead of the wall clock: anchored again");
        assertEquals(1_000_040 + 5_000, clock.wallMillis(16_020_000), "within 10 s: the timeline");
    }
}
