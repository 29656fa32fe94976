package gateway.sessions.outputs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void aNewSourceContinuesWhereTheLastPacketEndedWhateverItsOwnTimeline() {
        Timeline t = new Timeline();
        assertEquals(0, t.place(1, 5_000_000, 20_000));
        assertEquals(20_000, t.place(1, 5_020_000, 20_000));
        assertEquals(40_000, t.place(1, 5_040_000, 20_000));
        // the next revision's source starts its own timeline at 0
        assertEquals(60_000, t.place(2, 0, 20_000));
        assertEquals(80_000, t.place(2, 20_000, 20_000));
        // a gap within a source is kept (it is the source's)
        assertEquals(140_000, t.place(2, 80_000, 20_000));
    }

    @Test
    void aSourceThatGoesBackInTimeIsPlacedAfterTheLastPacketAndAnUnknownDurationCountsAsAFrame() {
        Timeline t = new Timeline();
        assertEquals(0, t.place(1, 9_000_000, 0));
        assertEquals(20_000, t.place(1, 9_020_000, 0));
        assertEquals(40_000, t.place(1, 1_000, 20_000)); // restarted its timeline
        assertEquals(60_000, t.place(1, 21_000, 20_000));
    }
}
