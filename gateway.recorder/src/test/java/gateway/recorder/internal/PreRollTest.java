package gateway.recorder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreRollTest {
    private static byte[] packet(int n) {
        byte[] p = {(byte) 0xF8, (byte) n}; // 20 ms
        return p;
    }

    @Test
    void keepsTheLeastPacketsThatHoldEightyMilliseconds() {
        PreRoll r = new PreRoll();
        assertTrue(r.isEmpty());
        for (int i = 0; i < 10; i++) r.add(packet(i));
        assertEquals(4, r.packets().size(), "4 x 20 ms");
        assertEquals(PreRoll.SAMPLES, r.samples());
        assertEquals(6, r.packets().get(0)[1], "the latest ones");
        r.clear();
        assertTrue(r.isEmpty());
        assertEquals(0, r.samples());
    }

    @Test
    void longPacketsKeepAtLeastEightyMilliseconds() {
        PreRoll r = new PreRoll();
        byte[] sixty = {(byte) 0xFB, 0x03, 0, 0, 0}; // code 3, three 20 ms frames
        r.add(sixty);
        r.add(sixty);
        assertEquals(2, r.packets().size(), "one 60 ms packet is not enough");
        assertEquals(2 * 2880, r.samples());
    }
}
