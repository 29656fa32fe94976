package gateway.rooms.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gateway.api.stream.MediaPacket;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixInputTest {
    /** Opus packets (20 ms, mono) of a tone, made by the gateway's encoder. */
    static List<byte[]> tone(int hz, int packets) {
        OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, 1, OpusEncoderSettings.transparent(1));
        List<byte[]> out = new ArrayList<>();
        byte[] pcm = new byte[960 * 2];
        for (int p = 0, n = 0; p < packets; p++) {
            for (int i = 0; i < 960; i++, n++) {
                int s = (int) (8000 * Math.sin(2 * Math.PI * hz * n / 48_000.0));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            encoder.encode(pcm, 0, 960, out::add);
        }
        return out;
    }

    static double power(int[] s, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / 48_000), s1 = 0, s2 = 0;
        for (int v : s) {
            double s0 = v + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - k * s1 * s2) / ((double) s.length * s.length);
    }

    @Test
    void twoTracksSumIntoOneFrameAfterPriming() {
        MixInput a = new MixInput("TR_a"), b = new MixInput("TR_b");
        List<byte[]> ta = tone(440, 20), tb = tone(660, 20);
        int[] frame = new int[960];
        a.onPacket(new MediaPacket(0, 0, 20_000, ByteBuffer.wrap(ta.get(0))));
        a.mixInto(frame);
        assertEquals(0, java.util.Arrays.stream(frame).map(Math::abs).sum(), "20 ms is not enough: the input primes with 40 ms");
        int[] mixed = new int[960 * 8];
        for (int i = 0; i < 20; i++) {
            a.onPacket(new MediaPacket(i + 1, (i + 1) * 20_000L, 20_000, ByteBuffer.wrap(ta.get(i))));
            b.onPacket(new MediaPacket(i, i * 20_000L, 20_000, ByteBuffer.wrap(tb.get(i))));
        }
        for (int f = 0; f < 8; f++) {
            int[] one = new int[960];
            a.mixInto(one);
            b.mixInto(one);
            System.arraycopy(one, 0, mixed, f * 960, 960);
        }
        // the second half: past the codec's look-ahead at the start
        int[] steady = java.util.Arrays.copyOfRange(mixed, 960 * 4, 960 * 8);
        double p440 = power(steady, 440), p660 = power(steady, 660), off = power(steady, 1000);
        assertTrue(p440 > 100 * off && p660 > 100 * off, "both tones: " + p440 + " " + p660 + " off " + off);
    }

    @Test
    void invalidPacketsAreCountedAndSkipped() {
        MixInput a = new MixInput("TR_a");
        a.onPacket(new MediaPacket(0, 0, 20_000, ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})));
        a.onPacket(new MediaPacket(1, 20_000, 20_000, ByteBuffer.allocate(0)));
        assertEquals(1, a.decodeErrors());
        int[] frame = new int[960];
        a.mixInto(frame);
        assertEquals(0, java.util.Arrays.stream(frame).map(Math::abs).sum());
        a.onEnd(gateway.api.stream.StreamState.ENDED, "done");
    }

    /** Mixes {@code frames} frames of 20 ms of one input. */
    private static int[] mix(MixInput in, int frames) {
        int[] out = new int[960 * frames];
        for (int f = 0; f < frames; f++) {
            int[] one = new int[960];
            in.mixInto(one);
            System.arraycopy(one, 0, out, f * 960, 960);
        }
        return out;
    }

    private static MediaPacket packet(List<byte[]> tone, int i) {
        return new MediaPacket(i, i * 20_000L, 20_000, ByteBuffer.wrap(tone.get(i)));
    }

    @Test
    void aPacketLateForTheMixIsConcealedByTheDecoderAndDroppedWhenItComes() {
        MixInput a = new MixInput("TR_a");
        List<byte[]> t = tone(440, 20);
        for (int i = 0; i < 6; i++) a.onPacket(packet(t, i));
        mix(a, 6); // primed with 40 ms, then drained: 120 ms of audio in 120 ms of mix
        // packet 6 is late: the mixer's next frame is the decoder's concealment, not silence
        int[] concealed = mix(a, 1);
        assertEquals(1, a.concealedFrames());
        assertTrue(power(concealed, 440) > 100 * power(concealed, 1000), "the concealment continues the tone: " + power(concealed, 440));
        // it comes after all: decoded for the decoder's state, its audio dropped, so the track's delay stays
        a.onPacket(packet(t, 6));
        assertEquals(1, a.latePackets());
        for (int i = 7; i < 12; i++) a.onPacket(packet(t, i));
        int[] after = mix(a, 5);
        assertTrue(power(after, 440) > 100 * power(after, 1000), "the tone goes on after the late packet");
        assertEquals(1, a.concealedFrames());
    }

    @Test
    void packetsLostBeforeTheGatewayAreConcealedWhenTheNextArrivesAndALongSilenceIsNotConcealed() {
        MixInput a = new MixInput("TR_a");
        List<byte[]> t = tone(440, 20);
        for (int i = 0; i < 5; i++) a.onPacket(packet(t, i));
        for (int i = 7; i < 10; i++) a.onPacket(packet(t, i)); // 5 and 6 lost on the way: their 40 ms concealed
        assertEquals(2, a.concealedFrames());
        int[] all = mix(a, 10);
        int[] gap = java.util.Arrays.copyOfRange(all, 960 * 5, 960 * 7);
        assertTrue(power(gap, 440) > 100 * power(gap, 1000), "the lost packets' time holds the concealed tone");
        // nothing comes any more: at most MAX_CONCEALED_FRAMES of concealment, then silence
        int[] dry = mix(a, 10);
        assertEquals(2 + MixInput.MAX_CONCEALED_FRAMES, a.concealedFrames());
        int[] silent = java.util.Arrays.copyOfRange(dry, 960 * MixInput.MAX_CONCEALED_FRAMES, dry.length);
        assertEquals(0, java.util.Arrays.stream(silent).map(Math::abs).sum(), "silence after the concealment");
        a.onDetached();
        a.mixInto(new int[960]); // a closed input conceals nothing and does not touch its decoder
    }
}
