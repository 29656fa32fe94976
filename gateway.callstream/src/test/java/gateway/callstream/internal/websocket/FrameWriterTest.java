package gateway.callstream.internal.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameWriterTest {
    @Test
    void writesTheMaskedHelloOfRfc6455() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out, () -> 0x37fa213d, 1024);
        w.frame(FrameWriter.OP_TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), 5);
        w.flush();
        // RFC 6455, section 5.7: a single-frame masked text message
        assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58}, out.toByteArray());
    }

    @Test
    void encodesEachLengthFormAndMasksEveryByte() throws Exception {
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 7, 8, 9, 125, 126, 127, 883, 65535, 65536, 100_003}) {
            for (int bufferBytes : new int[] {64, 1000, 32 * 1024}) {
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                int key = random.nextInt();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                FrameWriter w = new FrameWriter(out, () -> key, bufferBytes);
                w.frame(FrameWriter.OP_BINARY, payload, length);
                w.flush();
                byte[] f = out.toByteArray();
                assertEquals(0x82, f[0] & 0xff);
                assertEquals(0x80, f[1] & 0x80, "a client masks");
                int at;
                long declared;
                if (length < 126) {
                    declared = f[1] & 0x7f;
                    at = 2;
                } else if (length < 65536) {
                    assertEquals(126, f[1] & 0x7f);
                    declared = (f[2] & 0xff) << 8 | (f[3] & 0xff);
                    at = 4;
                } else {
                    assertEquals(127, f[1] & 0x7f);
                    declared = 0;
                    for (int i = 0; i < 8; i++) declared = declared << 8 | (f[2 + i] & 0xff);
                    at = 10;
                }
                assertEquals(length, declared);
                byte[] mask = {f[at], f[at + 1], f[at + 2], f[at + 3]};
                assertEquals(key, (mask[0] & 0xff) << 24 | (mask[1] & 0xff) << 16 | (mask[2] & 0xff) << 8 | (mask[3] & 0xff));
                assertEquals(at + 4 + length, f.length);
                byte[] unmasked = new byte[length];
                for (int i = 0; i < length; i++) unmasked[i] = (byte) (f[at + 4 + i] ^ mask[i & 3]);
                assertArrayEquals(payload, unmasked, "length " + length + ", buffer " + bufferBytes);
            }
        }
    }

    @Test
    void aPayloadThatWritesItselfIsFramedAsTheSameBytes() throws Exception {
        Random random = new Random(11);
        for (int length : new int[] {0, 1, 7, 125, 126, 883, 1000, 5000, 65536}) {
            for (int bufferBytes : new int[] {64, 1000, 8 * 1024}) {
                byte[] payload = new byte[length];
                random.nextBytes(payload);
                int key = random.nextInt();
                ByteArrayOutputStream viaArray = new ByteArrayOutputStream(), viaPayload = new ByteArrayOutputStream();
                FrameWriter a = new FrameWriter(viaArray, () -> key, bufferBytes), p = new FrameWriter(viaPayload, () -> key, bufferBytes);
                // a frame of odd length before, so the payload is masked in place at a position that is not aligned
                a.frame(FrameWriter.OP_TEXT, new byte[] {1, 2, 3}, 3);
                p.frame(FrameWriter.OP_TEXT, new byte[] {1, 2, 3}, 3);
                a.frame(FrameWriter.OP_TEXT, payload, length);
                p.frame(FrameWriter.OP_TEXT, new FramePayload() {
                    @Override
                    public int length() {
                        return length;
                    }

                    @Override
                    public void writeTo(byte[] target, int offset) {
                        System.arraycopy(payload, 0, target, offset, length);
                    }
                });
                a.flush();
                p.flush();
                assertArrayEquals(viaArray.toByteArray(), viaPayload.toByteArray(), "length " + length + ", buffer " + bufferBytes);
            }
        }
    }

    @Test
    void gathersFramesUntilFlushed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out, new MaskSource()::next, 4096);
        for (int i = 0; i < 3; i++) w.frame(FrameWriter.OP_TEXT, new byte[100], 100);
        assertEquals(0, out.size(), "nothing written before the flush");
        w.flush();
        assertEquals(3 * (2 + 4 + 100), out.size());
    }

    @Test
    void masksDifferFromFrameToFrame() {
        MaskSource masks = new MaskSource();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 3000; i++) seen.add(masks.next());
        assertEquals(3000, seen.size(), 2.0, "3000 keys of 32 random bits hardly repeat");
    }
}
