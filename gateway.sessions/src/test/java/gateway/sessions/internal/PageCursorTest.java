package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void aTokenRoundTripsAndOrdersByCreationThenId() {
        Instant at = Instant.parse("2026-01-01T10:00:00.123456789Z");
        PageCursor c = PageCursor.parse(new PageCursor(at, "b").token());
        assertEquals(at, c.createdAt());
        assertEquals("b", c.id());
        assertTrue(c.before(at, "c"));
        assertFalse(c.before(at, "b"));
        assertFalse(c.before(at.minusNanos(1), "z"));
        assertTrue(c.before(at.plusNanos(1), "a"));
    }

    @Test
    void tokensThisApiDidNotHandOutAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PageCursor.parse("forged"));
        assertThrows(IllegalArgumentException.class, () -> PageCursor.parse("!!"));
    }
}
