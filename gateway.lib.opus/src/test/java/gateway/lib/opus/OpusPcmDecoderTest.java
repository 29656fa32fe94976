package gateway.lib.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Each test runs with the system's libopus and with Concentus: both must decode the same way. */
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

    /** Goertzel: half the amplitude of {@code hz} in {@code x[from, from + n)}. */
    static double level(short[] x, int from, int n, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double s = x[from + i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.sqrt(s1 * s1 + s2 * s2 - c * s1 * s2) / n;
    }

    static short[] decodeAll(OpusPcmDecoder decoder, List<byte[]> packets) {
        short[] all = new short[packets.size() * decoder.sampleRate() / 50 * decoder.channels()];
        int at = 0;
        for (byte[] p : packets) {
            int n = decoder.decode(p, 0, p.length);
            assertEquals(decoder.sampleRate() / 50, n, "20 ms per packet");
            System.arraycopy(decoder.pcm(), 0, all, at, n * decoder.channels());
            at += n * decoder.channels();
        }
        return all;
    }

    @Test
    void theSystemLibraryIsUsedWhereItIsInstalled() {
        NativeLibrary lib = OpusPcmDecoder.nativeLibrary();
        System.out.println("Opus decoder: " + lib);
        // the build machines install libopus0 (with ffmpeg); a missing one would silently cost twice the CPU
        assertNull(lib.problem(), "libopus.so.0 is installed here, so it must be used");
        assertTrue(lib.implementation().startsWith("libopus "), lib.implementation());
        try (OpusPcmDecoder d = new OpusPcmDecoder(16_000, 1)) {
            assertEquals(lib.implementation(), d.implementation());
        }
    }

    @ParameterizedTest(name = "libopus: {0}")
    @ValueSource(booleans = {true, false})
    void stereoStreamDecodesToItsMonoDownmix(boolean system) {
        try (OpusPcmDecoder decoder = new OpusPcmDecoder(48_000, 1, system)) {
            short[] all = decodeAll(decoder, encodeTone(2, 1_000, 2));
            double tone = level(all, 48_000, 24_000, 1_000, 48_000);
            assertEquals(2_500, tone, 600, "half of the left channel's 10000 amplitude (Goertzel gives amplitude/2)");
            assertTrue(level(all, 48_000, 24_000, 1_700, 48_000) < tone / 100);
        }
    }

    @ParameterizedTest(name = "libopus: {0}")
    @ValueSource(booleans = {true, false})
    void decodesDirectlyAtTelephonyRatesWithoutAliasing(boolean system) {
        // a 7 kHz tone decoded at 8 kHz: dropping samples would fold it onto 1 kHz at full level
        List<byte[]> high = encodeTone(1, 7_000, 2);
        List<byte[]> ref = encodeTone(1, 1_000, 2);
        try (OpusPcmDecoder d7 = new OpusPcmDecoder(8_000, 1, system); OpusPcmDecoder d1 = new OpusPcmDecoder(8_000, 1, system)) {
            double alias = level(decodeAll(d7, high), 8_000, 8_000, 1_000, 8_000);
            double tone = level(decodeAll(d1, ref), 8_000, 8_000, 1_000, 8_000);
            double db = 20 * Math.log10(alias / tone);
            System.out.printf("%s at 8 kHz: 1 kHz tone %.0f, 7 kHz tone's alias at 1 kHz %.2f (%.1f dB)%n", d7.implementation(), tone, alias, db);
            assertEquals(5_000, tone, 600, "the 1 kHz tone keeps its level");
            assertTrue(db < -60, "the 7 kHz tone leaves no alias: " + db + " dB");
        }
        // 11 kHz decoded at 16 kHz: would fold onto 5 kHz
        try (OpusPcmDecoder d = new OpusPcmDecoder(16_000, 1, system)) {
            short[] out = decodeAll(d, encodeTone(1, 11_000, 2));
            assertTrue(level(out, 16_000, 16_000, 5_000, 16_000) < 5, "no alias at 5 kHz");
        }
    }

    @ParameterizedTest(name = "libopus: {0}")
    @ValueSource(booleans = {true, false})
    void concealsALostPacketAndRejectsGarbage(boolean system) {
        List<byte[]> packets = encodeTone(1, 440, 1);
        try (OpusPcmDecoder decoder = new OpusPcmDecoder(16_000, 1, system)) {
            decoder.decode(packets.get(0), 0, packets.get(0).length);
            assertEquals(320, decoder.conceal(320));
            assertEquals(320, decoder.decode(packets.get(2), 0, packets.get(2).length));
            assertThrows(IllegalArgumentException.class, () -> decoder.conceal(100));
            assertThrows(OpusDecodingException.class, () -> decoder.decode(new byte[0], 0, 0));
            // a code-3 packet whose frame count is zero is invalid
            assertThrows(OpusDecodingException.class, () -> decoder.decode(new byte[] {(byte) 0x03, 0}, 0, 2));
            assertEquals(320, decoder.decode(packets.get(3), 0, packets.get(3).length), "still usable after a bad packet");
        }
    }

    @Test
    void bothDecodersAgree() {
        List<byte[]> packets = encodeTone(1, 440, 2);
        try (OpusPcmDecoder a = new OpusPcmDecoder(16_000, 1, true); OpusPcmDecoder b = new OpusPcmDecoder(16_000, 1, false)) {
            short[] x = decodeAll(a, packets), y = decodeAll(b, packets);
            double diff = 0, power = 0;
            for (int i = 0; i < x.length; i++) {
                diff += (double) (x[i] - y[i]) * (x[i] - y[i]);
                power += (double) x[i] * x[i];
            }
            // libopus (float build) and Concentus (a port of the fixed-point one) differ only by rounding
            double snr = 10 * Math.log10(power / Math.max(1, diff));
            System.out.printf("libopus vs Concentus at 16 kHz: %.1f dB apart%n", snr);
            assertTrue(snr > 30, "the same audio: " + snr + " dB");
        }
    }

    @Test
    void decodeCost() {
        List<byte[]> packets = encodeTone(1, 440, 10);
        for (boolean system : new boolean[] {true, false}) {
            try (OpusPcmDecoder d = new OpusPcmDecoder(16_000, 1, system)) {
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (byte[] p : packets) d.decode(p, 0, p.length);
                    System.out.printf("%s, decode to 16 kHz: %.2f ms per second of audio%n", d.implementation(), (System.nanoTime() - t0) / 1e6 / 10);
                }
            }
        }
    }
}
