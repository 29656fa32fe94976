package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordingNamesTest {
    private final Instant t = Instant.parse("2026-11-23T10:42:33.750Z");

    @Test
    void idsCarryTheSecondInUtcAndSixRandomHexDigits() {
        RecordingNames names = new RecordingNames(Clock.fixed(t, ZoneOffset.ofHours(9)), new SplittableRandom(7));
        String a = names.newId();
        String b = names.newId();
        assertTrue(a.matches("20261123T104233Z-[0-9a-f]{6}"), a);
        assertTrue(b.startsWith("20261123T104233Z-"), b);
        assertNotEquals(a, b, "two ids in one second differ by their random part");
    }

    @Test
    void idsSortByTime() {
        String earlier = new RecordingNames(Clock.fixed(t, ZoneOffset.UTC), new SplittableRandom(1)).newId();
        String later = new RecordingNames(Clock.fixed(t.plusSeconds(1), ZoneOffset.UTC), new SplittableRandom(2)).newId();
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
    }

    @Test
    void objectsAreGroupedByTheUtcDayTheirAudioStarts() {
        assertEquals("2026/11/23/abc.ogg", RecordingNames.objectName("abc", t));
        assertEquals("2026/11/24/abc.ogg", RecordingNames.objectName("abc", Instant.parse("2026-11-23T23:59:59.999Z").plusMillis(1)));
        assertEquals("2027/01/01/abc.ogg", RecordingNames.objectName("abc", Instant.parse("2027-01-01T00:00:00Z")));
    }
}
