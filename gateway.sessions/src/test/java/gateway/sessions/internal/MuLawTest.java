package gateway.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MuLawTest {

    @Test
    void knownCodesOfG711() {
        assertEquals((byte) 0xff, MuLaw.encode((short) 0));
        assertEquals(0, MuLaw.decode((byte) 0xff));
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, MuLaw.encode(Short.MIN_VALUE));
    }

    @Test
    void everySampleComesBackWithinItsSegmentsStep() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            int back = MuLaw.decode(MuLaw.encode((short) s));
            int step = Math.max(8, Math.abs(s) / 16); // 4 mantissa bits per segment
            assertTrue(Math.abs(Math.max(-32124, Math.min(32124, s)) - back) <= step, s + " -> " + back);
        }
        for (int c = 0; c < 256; c++) assertEquals((byte) c == (byte) 0x7f ? (byte) 0xff : (byte) c, MuLaw.encode(MuLaw.decode((byte) c)), "code " + c);
    }
}
