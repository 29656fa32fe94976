package gateway.webrtc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpusFramesTest {

    private static ByteBuffer packet(int... bytes) {
        ByteBuffer b = ByteBuffer.allocate(bytes.length);
        for (int x : bytes) b.put((byte) x);
        return b.flip();
    }

    @Test
    void durationsComeFromTheTocByte() {
        assertEquals(20_000, OpusFrames.durationMicros(packet(0xFC, 1, 2)), "CELT FB 20 ms, one frame (what libopus and browsers send)");
        assertEquals(10_000, OpusFrames.durationMicros(packet(0x08 << 3 | 0)), "SILK WB 10 ms");
        assertEquals(40_000, OpusFrames.durationMicros(packet(0xFC | 1)), "two 20 ms frames");
        assertEquals(60_000, OpusFrames.durationMicros(packet(0x01 << 3 | 3, 3)), "code 3: three 20 ms SILK NB frames");
        assertEquals(2_500, OpusFrames.durationMicros(packet(16 << 3)), "CELT NB 2.5 ms");
    }

    @Test
    void malformedPacketsHaveNoDuration() {
        assertEquals(0, OpusFrames.durationMicros(packet()), "empty");
        assertEquals(0, OpusFrames.durationMicros(packet(0xFF)), "code 3 without its frame count");
        assertEquals(0, OpusFrames.durationMicros(packet(0x03 << 3 | 3, 48)), "48 x 60 ms is more than 120 ms");
    }

    @Test
    void theDurationIsReadWithoutMovingTheSharedBuffer() {
        ByteBuffer p = packet(0xFC, 1, 2);
        OpusFrames.durationMicros(p);
        assertEquals(0, p.position());
    }

    @Test
    void headersFollowRfc7845() {
        ByteBuffer head = OpusFrames.head(2);
        byte[] h = new byte[head.remaining()];
        head.get(h);
        assertEquals(19, h.length);
        assertEquals("OpusHead", new String(h, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, h[8], "version");
        assertEquals(2, h[9], "channels");
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0xBB, 0, 0}, new byte[] {h[12], h[13], h[14], h[15]}, "48000 little-endian");
        ByteBuffer tags = OpusFrames.tags("v");
        byte[] t = new byte[tags.remaining()];
        tags.get(t);
        assertEquals("OpusTags", new String(t, 0, 8, StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {1, 0, 0, 0, 'v', 0, 0, 0, 0}, java.util.Arrays.copyOfRange(t, 8, 17));
    }
}
