package gateway.lib.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jaredmdobson.concentus.OpusDecoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpusPcmEncoderTest {

    /** 10 ms chunks of a sine, as WebRTC's audio sink delivers them. */
    private static List<byte[]> encodeTone(int rate, int channels, double hz, int seconds, OpusPcmEncoder encoder) {
        List<byte[]> packets = new ArrayList<>();
        int chunk = rate / 100;
        byte[] pcm = new byte[chunk * channels * 2];
        long n = 0;
        for (int c = 0; c < seconds * 100; c++) {
            for (int i = 0; i < chunk; i++, n++) {
                short s = (short) (12_000 * Math.sin(2 * Math.PI * hz * n / rate));
                for (int ch = 0; ch < channels; ch++) {
                    int p = (i * channels + ch) * 2;
                    pcm[p] = (byte) s;
                    pcm[p + 1] = (byte) (s >> 8);
                }
            }
            encoder.encode(pcm, 0, chunk, packets::add);
        }
        return packets;
    }

    private static double goertzel(short[] x, int from, int n, int channels, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double s = x[(from + i) * channels] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2) / n;
    }

    @Test
    void stereoToneBecomesTwentyMillisecondPacketsThatDecodeToTheSameTone() throws Exception {
        OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, 2, OpusEncoderSettings.transparent(2));
        long t0 = System.nanoTime();
        List<byte[]> packets = encodeTone(48_000, 2, 997, 2, encoder);
        long micros = (System.nanoTime() - t0) / 1000;
        assertEquals(100, packets.size(), "2 s in 20 ms packets");
        long bytes = packets.stream().mapToLong(p -> p.length).sum();
        assertTrue(bytes * 8 / 2 > 60_000 && bytes * 8 / 2 < 200_000, "about 128 kb/s: " + bytes * 8 / 2);
        System.out.printf("encoded 2 s of stereo in %d ms%n", micros / 1000);

        OpusDecoder decoder = new OpusDecoder(48_000, 2);
        short[] pcm = new short[96_000 * 2];
        int at = 0;
        for (byte[] p : packets) at += decoder.decode(p, 0, p.length, pcm, at * 2, 960, false);
        assertEquals(96_000, at);
        double tone = goertzel(pcm, 48_000, 24_000, 2, 997, 48_000);
        double other = goertzel(pcm, 48_000, 24_000, 2, 1_500, 48_000);
        assertTrue(tone > 3_000 && other < tone / 100, "tone " + tone + " vs " + other);
        assertTrue(encoder.preSkip() > 0 && encoder.preSkip() < 960, "pre-skip " + encoder.preSkip());
    }

    @Test
    void monoAtSixteenKilohertz() throws Exception {
        OpusPcmEncoder encoder = new OpusPcmEncoder(16_000, 1, OpusEncoderSettings.transparent(1));
        List<byte[]> packets = encodeTone(16_000, 1, 440, 1, encoder);
        assertEquals(50, packets.size());
        OpusDecoder decoder = new OpusDecoder(48_000, 1);
        short[] pcm = new short[48_000];
        int at = 0;
        for (byte[] p : packets) at += decoder.decode(p, 0, p.length, pcm, at, 960, false);
        double tone = goertzel(pcm, 24_000, 24_000, 1, 440, 48_000);
        assertTrue(tone > 3_000 && goertzel(pcm, 24_000, 24_000, 1, 700, 48_000) < tone / 100, "tone " + tone);
        assertEquals(encoder.preSkip() % 3, 0, "pre-skip is counted at 48 kHz");
    }

    @Test
    void refusesWhatOpusCannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> new OpusPcmEncoder(44_100, 2, OpusEncoderSettings.transparent(2)));
        assertThrows(IllegalArgumentException.class, () -> new OpusPcmEncoder(48_000, 3, OpusEncoderSettings.transparent(2)));
        assertThrows(IllegalArgumentException.class, () -> new OpusEncoderSettings(1_000, 10, true, false, 20));
        assertThrows(IllegalArgumentException.class, () -> new OpusEncoderSettings(64_000, 10, true, false, 25));
    }
}
