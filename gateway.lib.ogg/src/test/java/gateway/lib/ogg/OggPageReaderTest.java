package gateway.lib.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OggPageReaderTest {

    private static byte[] stream(int packets) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OggOpusWriter w = new OggOpusWriter(out, 7, 960)) {
            w.writeHeaders(OpusHead.of(2, 312, 48_000), OpusTags.of("gateway", List.of("TITLE=x")));
            byte[] packet = new byte[120];
            packet[0] = (byte) (31 << 3); // CELT 20 ms, one frame
            for (int i = 0; i < packets; i++) w.writePacket(packet);
        }
        return out.toByteArray();
    }

    @Test
    void garbageBeforeTheFirstPageIsSkipped() throws Exception {
        byte[] ogg = stream(10);
        byte[] data = new byte[1000 + ogg.length];
        new Random(1).nextBytes(data);
        System.arraycopy(ogg, 0, data, 1000, ogg.length);
        OggPageReader r = new OggPageReader();
        List<OggPage> pages = r.feed(data, 0, data.length);
        assertEquals(13, pages.size(), "head, tags, ten audio pages, an empty end-of-stream page");
        assertEquals(1000, r.skippedBytes());
        assertTrue(pages.get(0).beginOfStream());
        assertTrue(pages.get(12).endOfStream());
    }

    @Test
    void somethingThatIsNotOggIsRefusedAfterALimit() {
        byte[] noise = new byte[OggPageReader.MAX_GARBAGE + 10_000];
        new Random(2).nextBytes(noise);
        OggPageReader r = new OggPageReader();
        assertThrows(OggFormatException.class, () -> {
            for (int pos = 0; pos < noise.length; pos += 1316) r.feed(noise, pos, Math.min(1316, noise.length - pos));
        });
    }

    @Test
    void hostileLengthsNeverGrowTheBufferBeyondOnePage() throws Exception {
        OggPageReader r = new OggPageReader();
        byte[] header = new byte[27 + 255];
        header[0] = 'O'; header[1] = 'g'; header[2] = 'g'; header[3] = 'S';
        header[26] = (byte) 255;
        for (int i = 27; i < header.length; i++) header[i] = (byte) 255; // claims a 65 025-byte body
        for (int i = 0; i < 20; i++) {
            assertTrue(r.feed(header, 0, header.length).isEmpty());
        }
        byte[] ogg = stream(3);
        // the fake page eventually fails its checksum and the real stream behind it is found
        byte[] filler = new byte[OggPageReader.MAX_PAGE];
        r.feed(filler, 0, filler.length);
        List<OggPage> pages = r.feed(ogg, 0, ogg.length);
        assertEquals(6, pages.size());
    }

    @Test
    void opusPacketDurationsFromTheTocByte() {
        assertEquals(960, OpusPackets.samples(new byte[] {(byte) (31 << 3)}));           // CELT 20 ms
        assertEquals(480, OpusPackets.samples(new byte[] {(byte) (30 << 3)}));           // CELT 10 ms
        assertEquals(1920, OpusPackets.samples(new byte[] {(byte) ((31 << 3) | 1)}));    // two frames
        assertEquals(2880, OpusPackets.samples(new byte[] {(byte) (3 << 3)}));           // SILK 60 ms
        assertEquals(2880, OpusPackets.samples(new byte[] {(byte) ((31 << 3) | 3), 3})); // three 20 ms frames
        assertEquals(0, OpusPackets.samples(new byte[] {(byte) ((31 << 3) | 3), 7}));    // 140 ms: invalid
        assertEquals(0, OpusPackets.samples(new byte[0]));
    }
}
