package gateway.lib.opus;

import static gateway.lib.opus.OpusPcmDecoderTest.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PcmResamplerTest {

    private static short[] tone(double hz, int rate, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short) (12_000 * Math.sin(2 * Math.PI * hz * i / rate));
        return s;
    }

    /** Resamples in 20 ms blocks (or the given block) as a stream would. */
    private static short[] run(PcmResampler r, short[] in, int block) {
        short[] out = new short[r.maxOutput(in.length) + r.maxOutput(block)];
        int n = 0;
        for (int at = 0; at < in.length; at += block) n += r.resample(in, at, Math.min(block, in.length - at), out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void keepsAToneInBandAndExactSampleCounts() {
        for (int outRate : new int[] {8_000, 16_000}) {
            PcmResampler r = new PcmResampler(48_000, outRate);
            short[] out = run(r, tone(1_000, 48_000, 48_000), 960);
            assertEquals(outRate, out.length, "one second in, one second out");
            double tone = level(out, outRate / 4, outRate / 2, 1_000, outRate);
            assertEquals(6_000, tone, 600, "the 1 kHz tone keeps its level at " + outRate);
        }
    }

    @Test
    void removesWhatWouldAliasInsteadOfFoldingItBack() {
        // 7 kHz at 48 kHz: decimation to 8 kHz would fold it onto 1 kHz at full level
        short[] high = tone(7_000, 48_000, 48_000);
        short[] out = run(new PcmResampler(48_000, 8_000), high, 960);
        double alias = level(out, 2_000, 4_000, 1_000, 8_000);
        short[] dropped = new short[8_000];
        for (int i = 0; i < dropped.length; i++) dropped[i] = high[i * 6];
        double decimated = level(dropped, 2_000, 4_000, 1_000, 8_000);
        System.out.printf("7 kHz → 8 kHz: alias at 1 kHz %.1f (decimation: %.1f)%n", alias, decimated);
        assertTrue(decimated > 5_000, "decimation folds it back: " + decimated);
        assertTrue(alias < decimated / 100, "at least 40 dB below: " + alias);

        // 11 kHz at 48 kHz to 16 kHz: would fold onto 5 kHz
        short[] out16 = run(new PcmResampler(48_000, 16_000), tone(11_000, 48_000, 48_000), 960);
        assertTrue(level(out16, 4_000, 8_000, 5_000, 16_000) < 60, "no alias at 5 kHz");
    }

    @Test
    void upsamplesTelephonyRatesAndHoldsPartialMilliseconds() {
        PcmResampler up = new PcmResampler(8_000, 48_000);
        short[] in = tone(500, 8_000, 8_000);
        // blocks of 50 samples (6.25 ms): the quarter millisecond waits for the next block
        short[] out = run(up, in, 50);
        assertEquals(48_000, out.length);
        assertEquals(6_000, level(out, 12_000, 24_000, 500, 48_000), 600);
        assertEquals(96_000, run(new PcmResampler(16_000, 48_000), tone(440, 16_000, 32_000), 320).length);
    }

    @Test
    void refusesUnsupportedPairs() {
        assertFalse(PcmResampler.supports(44_100, 16_000));
        assertFalse(PcmResampler.supports(48_000, 24_000));
        assertTrue(PcmResampler.supports(16_000, 48_000));
        assertThrows(IllegalArgumentException.class, () -> new PcmResampler(22_050, 8_000));
    }

    @Test
    void decodeAndResampleCost() {
        java.util.List<byte[]> packets = OpusPcmDecoderTest.encodeTone(1, 440, 10);
        OpusPcmDecoder d = new OpusPcmDecoder(1);
        PcmResampler r = new PcmResampler(48_000, 16_000);
        short[] out = new short[400];
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (byte[] p : packets) {
                int n = d.decode(p, 0, p.length);
                r.resample(d.pcm(), 0, n, out, 0);
            }
            System.out.printf("decode + resample to 16 kHz: %.2f ms per second of audio%n", (System.nanoTime() - t0) / 1e6 / 10);
        }
    }
}
