package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void durations() {
        assertEquals(Duration.ofHours(1), Units.duration("x", "1h"));
        assertEquals(Duration.ofMinutes(30), Units.duration("x", "30m"));
        assertEquals(Duration.ofSeconds(90), Units.duration("x", "90"));
        assertEquals(Duration.ofMillis(500), Units.duration("x", "500ms"));
        assertEquals(Duration.ofDays(30), Units.duration("x", " 30d "));
        assertEquals(Duration.ofMillis(1500), Units.duration("x", "1.5s"));
        assertEquals(Duration.ZERO, Units.duration("x", "0"));
        assertEquals(Duration.ZERO, Units.duration("x", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration("maxAge", "ten minutes"));
        assertTrue(e.getMessage().startsWith("maxAge: "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Units.duration("x", "5w"));
        assertThrows(IllegalArgumentException.class, () -> Units.duration("x", "-5s"));
    }

    @Test
    void sizes() {
        assertEquals(64_000, Units.size("x", "64KB"));
        assertEquals(500_000_000L, Units.size("x", "500 MB"));
        assertEquals(2L << 30, Units.size("x", "2GiB"));
        assertEquals(1234, Units.size("x", "1234"));
        assertEquals(0, Units.size("x", "0"));
        assertThrows(IllegalArgumentException.class, () -> Units.size("quota", "lots"));
        assertThrows(IllegalArgumentException.class, () -> Units.size("quota", "5 parsecs"));
        assertEquals("1.5 MB", Units.describe(1_500_000));
    }

    @Test
    void byteRanges() throws Exception {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
        assertEquals(new ByteRange(10, 999), ByteRange.parse("bytes=10-5000", 1000));
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("items=0-1", 1000), "another unit: the whole file");
        assertNull(ByteRange.parse("bytes=0-1,5-6", 1000), "several ranges: the whole file");
        assertNull(ByteRange.parse("bytes=abc", 1000));
        assertNull(ByteRange.parse("bytes=9-3", 1000), "invalid: ignored");
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }
}
