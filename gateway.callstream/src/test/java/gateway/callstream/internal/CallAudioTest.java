package gateway.callstream.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.MediaPacket;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallAudioTest {

    private static List<MediaPacket> tone(double hz, int seconds) {
        OpusPcmEncoder enc = new OpusPcmEncoder(48_000, 1, OpusEncoderSettings.transparent(1));
        List<MediaPacket> packets = new ArrayList<>();
        byte[] pcm = new byte[1920];
        long n = 0;
        for (int f = 0; f < seconds * 50; f++) {
            for (int i = 0; i < 960; i++, n++) {
                short s = (short) (8_000 * Math.sin(2 * Math.PI * hz * n / 48_000));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            enc.encode(pcm, 0, 960, p -> packets.add(new MediaPacket(packets.size(), packets.size() * 20_000L, 20_000, ByteBuffer.wrap(p), 1_000_000 + packets.size())));
        }
        return packets;
    }

    @Test
    void forksOfOneFormatShareTheSameChunksAndEachFormatHasItsOwn() {
        java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();
        CallAudio audio = new CallAudio(errors::incrementAndGet);
        audio.join(MediaFormat.L16_16K);
        audio.join(MediaFormat.L16_16K);
        audio.join(MediaFormat.MULAW_8K);
        audio.join(MediaFormat.L16_8K);
        List<MediaPacket> packets = tone(600, 2);
        List<MediaPacket> later = packets.subList(50, 100);
        packets = packets.subList(0, 50);
        short[] pcm16 = new short[16_000];
        int at = 0;
        for (MediaPacket p : packets) {
            List<CallAudio.Chunk> a = audio.chunks(p, MediaFormat.L16_16K);
            List<CallAudio.Chunk> mu = audio.chunks(p, MediaFormat.MULAW_8K);
            List<CallAudio.Chunk> l8 = audio.chunks(p, MediaFormat.L16_8K);
            List<CallAudio.Chunk> b = audio.chunks(p, MediaFormat.L16_16K);
            assertEquals(1, a.size());
            assertSame(a.get(0), b.get(0), "the second fork of the format gets the first one's chunk");
            assertEquals(p.arrivalMillis(), b.get(0).arrivalMillis(), "a chunk carries its packet's arrival");
            assertEquals(p.arrivalMillis(), mu.get(0).arrivalMillis(), "in every format");
            assertEquals(p.arrivalMillis(), l8.get(0).arrivalMillis(), "in every format");
            assertEquals(160, Base64.getDecoder().decode(new String(mu.get(0).payload(), java.nio.charset.StandardCharsets.US_ASCII)).length, "20 ms of mu-law at 8 kHz");
            assertEquals(320, Base64.getDecoder().decode(new String(l8.get(0).payload(), java.nio.charset.StandardCharsets.US_ASCII)).length, "20 ms of L16 at 8 kHz");
            byte[] l16 = Base64.getDecoder().decode(new String(a.get(0).payload(), java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(640, l16.length, "20 ms of L16 at 16 kHz");
            for (int i = 0; i < 320; i++) pcm16[at++] = (short) ((l16[2 * i] & 0xff) | (l16[2 * i + 1] << 8));
        }
        assertEquals(0, audio.keptPackets(), "what every reader took is let go at once");
        // a fork lagging behind still finds the chunks it has not taken yet, and only those are kept
        List<List<CallAudio.Chunk>> first = new ArrayList<>();
        for (MediaPacket p : later.subList(0, 10)) first.add(audio.chunks(p, MediaFormat.L16_16K));
        assertEquals(10, audio.keptPackets());
        for (int i = 0; i < 10; i++) {
            assertSame(first.get(i).get(0), audio.chunks(later.get(i), MediaFormat.L16_16K).get(0));
            assertEquals(9 - i, audio.keptPackets());
        }
        // a fork that joins takes the chunks made just before it joined, as the others do
        audio.join(MediaFormat.L16_16K);
        List<CallAudio.Chunk> made = audio.chunks(later.get(10), MediaFormat.L16_16K);
        assertSame(made.get(0), audio.chunks(later.get(10), MediaFormat.L16_16K).get(0));
        assertSame(made.get(0), audio.chunks(later.get(10), MediaFormat.L16_16K).get(0));
        assertEquals(0, audio.keptPackets());
        assertTrue(audio.chunks(later.get(10), MediaFormat.L16_16K).isEmpty(), "nobody asks twice; nothing is left to ask for");
        assertTrue(audio.leave(MediaFormat.L16_16K) == false);
        double w = 2 * Math.PI * 600 / 16_000, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = 4_000; i < 12_000; i++) {
            double s = pcm16[i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double level = Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2) / 8_000;
        assertTrue(level > 3_000, "the tone comes through: " + level);
        // a packet that is not Opus is concealed (20 ms of audio) and counted
        MediaPacket bad = new MediaPacket(100, 100 * 20_000L, 20_000, ByteBuffer.wrap(new byte[] {3, 0}));
        assertEquals(1, audio.chunks(bad, MediaFormat.L16_16K).size());
        assertEquals(1, errors.get());
        assertTrue(audio.leave(MediaFormat.L16_16K) == false && audio.leave(MediaFormat.L16_16K) == false);
        assertTrue(audio.leave(MediaFormat.MULAW_8K) == false);
        assertTrue(audio.leave(MediaFormat.L16_8K));
    }
}
