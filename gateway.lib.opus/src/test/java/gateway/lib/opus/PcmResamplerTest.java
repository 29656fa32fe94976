package gateway.lib.opus;

import static gateway.lib.opus.OpusPcmDecoderTest.level;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each test runs with the system's libspeexdsp and with the Java filter. */
class PcmResamplerTest {

    private static short[] tone(double hz, int rate, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short) (12_000 * Math.sin(2 * Math.PI * hz * i / rate));
        return s;
    }

    /** Resamples in blocks as a stream would, then flushes. */
    private static short[] run(PcmResampler r, short[] in, int block) {
        short[] out = new short[r.maxOutput(in.length) + r.maxOutput(block) * (in.length / block + 2)];
        int n = 0;
        for (int at = 0; at < in.length; at += block) n += r.resample(in, at, Math.min(block, in.length - at), out, n);
        n += r.flush(out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void theSystemLibraryIsUsedWhereItIsInstalled() {
        NativeLibrary lib = PcmResampler.nativeLibrary();
        System.out.println("Resampler: " + lib);
        assertNull(lib.problem(), "libspeexdsp.so.1 is installed here, so it must be used");
        assertTrue(lib.implementation().startsWith("libspeexdsp "), lib.implementation());
    }

    @ParameterizedTest(name = "libspeexdsp: {0}")
    @ValueSource(booleans = {true, false})
    void keepsAToneInBandAndTheDuration(boolean system) {
        for (int outRate : new int[] {8_000, 16_000}) {
            try (PcmResampler r = new PcmResampler(48_000, outRate, system)) {
                short[] out = run(r, tone(1_000, 48_000, 48_000), 960);
                assertEquals(outRate, out.length, 2, "one second in, one second out");
                assertEquals(6_000, level(out, outRate / 4, outRate / 2, 1_000, outRate), 600, "the 1 kHz tone keeps its level at " + outRate);
            }
        }
    }

    @ParameterizedTest(name = "libspeexdsp: {0}")
    @ValueSource(booleans = {true, false})
    void removesWhatWouldAliasInsteadOfFoldingItBack(boolean system) {
        // 7 kHz at 48 kHz: decimation to 8 kHz would fold it onto 1 kHz at full level
        short[] high = tone(7_000, 48_000, 48_000);
        try (PcmResampler r = new PcmResampler(48_000, 8_000, system)) {
            short[] out = run(r, high, 960);
            double alias = level(out, 2_000, 4_000, 1_000, 8_000);
            short[] dropped = new short[8_000];
            for (int i = 0; i < dropped.length; i++) dropped[i] = high[i * 6];
            double decimated = level(dropped, 2_000, 4_000, 1_000, 8_000);
            System.out.printf("%s, 7 kHz → 8 kHz: alias at 1 kHz %.2f (%.1f dB; decimation: %.0f)%n", r.implementation(), alias,
                    20 * Math.log10(Math.max(alias, 1e-3) / 6_000), decimated);
            assertTrue(decimated > 5_000, "decimation folds it back: " + decimated);
            assertTrue(alias < 6, "at least 60 dB below the tone's level: " + alias);
        }
        // 11 kHz at 48 kHz to 16 kHz: would fold onto 5 kHz
        try (PcmResampler r = new PcmResampler(48_000, 16_000, system)) {
            assertTrue(level(run(r, tone(11_000, 48_000, 48_000), 960), 4_000, 8_000, 5_000, 16_000) < 6, "no alias at 5 kHz");
        }
    }

    @ParameterizedTest(name = "libspeexdsp: {0}")
    @ValueSource(booleans = {true, false})
    void upsamplesTelephonyRatesAndAddsUpToTheDuration(boolean system) {
        try (PcmResampler up = new PcmResampler(8_000, 48_000, system)) {
            // blocks of 50 samples (6.25 ms), as a service may send them
            short[] out = run(up, tone(500, 8_000, 8_000), 50);
            assertEquals(48_000, out.length, 6);
            assertEquals(6_000, level(out, 12_000, 24_000, 500, 48_000), 600);
            // no image of the 500 Hz tone around 8 kHz ± 500 Hz
            assertTrue(level(out, 12_000, 24_000, 7_500, 48_000) < 6, "no image at 7.5 kHz");
            // reusable after a flush: a second signal
            assertEquals(48_000, run(up, tone(700, 8_000, 8_000), 160).length, 6);
        }
        try (PcmResampler up = new PcmResampler(16_000, 48_000, system)) {
            assertEquals(96_000, run(up, tone(440, 16_000, 32_000), 320).length, 6);
        }
    }

    @Test
    void refusesUnsupportedPairs() {
        assertFalse(PcmResampler.supports(44_100, 16_000));
        assertTrue(PcmResampler.supports(48_000, 24_000));
        assertTrue(PcmResampler.supports(16_000, 48_000));
        assertThrows(IllegalArgumentException.class, () -> new PcmResampler(22_050, 8_000));
    }
}
