package gateway.lib.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpusPcmDecoderTest {

    static List<byte[]> encodeTone(int channels, double hz, int seconds) {
        OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, channels, OpusEncoderSettings.transparent(channels));
        List<byte[]> packets = new ArrayList<>();
        byte[] pcm = new byte[960 * channels * 2];
        long n = 0;
        for (int f = 0; f < seconds * 50; f++) {
            for (int i = 0; i < 960; i++, n++) {
                short s = (short) (10_000 * Math.sin(2 * Math.PI * hz * n / 48_000));
                for (int ch = 0; ch < channels; ch++) {
                    // the right channel is silent: a downmix keeps half the level
                    short v = ch == 0 ? s : 0;
                    pcm[(i * channels + ch) * 2] = (byte) v;
                    pcm[(i * channels + ch) * 2 + 1] = (byte) (v >> 8);
                }
            }
            encoder.encode(pcm, 0, 960, packets::add);
        }
        return packets;
    }

    static double level(short[] x, int from, int n, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double s = x[from + i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2) / n;
    }

    @Test
    void stereoStreamDecodesToItsMonoDownmix() {
        List<byte[]> packets = encodeTone(2, 1_000, 2);
        OpusPcmDecoder decoder = new OpusPcmDecoder(1);
        short[] all = new short[96_000];
        int at = 0;
        long t0 = System.nanoTime();
        for (byte[] p : packets) {
            int n = decoder.decode(p, 0, p.length);
            assertEquals(960, n);
            System.arraycopy(decoder.pcm(), 0, all, at, n);
            at += n;
        }
        long micros = (System.nanoTime() - t0) / 1_000;
        System.out.printf("decoded 2 s of stereo to mono in %d ms%n", micros / 1000);
        double tone = level(all, 48_000, 24_000, 1_000, 48_000);
        assertEquals(2_500, tone, 600, "half of the left channel's 10000 amplitude (Goertzel gives amplitude/2)");
        assertTrue(level(all, 48_000, 24_000, 1_700, 48_000) < tone / 100);
    }

    @Test
    void concealsALostPacketAndRejectsGarbage() {
        List<byte[]> packets = encodeTone(1, 440, 1);
        OpusPcmDecoder decoder = new OpusPcmDecoder(1);
        decoder.decode(packets.get(0), 0, packets.get(0).length);
        assertEquals(960, decoder.conceal(960));
        assertEquals(960, decoder.decode(packets.get(2), 0, packets.get(2).length));
        assertThrows(IllegalArgumentException.class, () -> decoder.conceal(100));
        assertThrows(OpusDecodingException.class, () -> decoder.decode(new byte[0], 0, 0));
        // a code-3 packet whose frame count is zero is invalid
        assertThrows(OpusDecodingException.class, () -> decoder.decode(new byte[] {(byte) 0x03, 0}, 0, 2));
        assertEquals(960, decoder.decode(packets.get(3), 0, packets.get(3).length), "still usable after a bad packet");
    }
}
