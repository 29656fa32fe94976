package gateway.rooms.egress.internal;

import gateway.api.stream.MediaPacket;
import gateway.lib.opus.OpusEncoderSettings;
import gateway.lib.opus.OpusPcmDecoder;
import gateway.lib.opus.OpusPcmEncoder;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU of a room's mix per participant: N tracks of 20 ms Opus (a different tone each, 48 kHz mono, made by the
 * gateway's encoder beforehand) decoded by the mix's inputs, summed and encoded once per 20 ms as RoomMix does, as
 * fast as one thread can; CPU time per second of audio is the share of one core the room's mix takes in real time.
 * Usage (bench/egress-mix.sh): MixBench SECONDS N...
 */
public final class MixBench {
    public static void main(String[] args) {
        int seconds = Integer.parseInt(args[0]);
        System.out.printf("decoder: %s; encoder: Concentus (pure Java), mono 64 kb/s, complexity 5%n", OpusPcmDecoder.nativeLibrary());
        run(5, 10, false); // warm-up: the JIT compiles the decoder's and encoder's paths
        for (int a = 1; a < args.length; a++) run(Integer.parseInt(args[a]), seconds, true);
    }

    private static void run(int n, int seconds, boolean print) {
        int frames = seconds * 50;
        {
            List<List<byte[]>> tracks = new ArrayList<>();
            for (int t = 0; t < n; t++) tracks.add(tone(300 + 40 * t, 250));
            List<MixInput> inputs = new ArrayList<>();
            for (int t = 0; t < n; t++) inputs.add(new MixInput("TR_" + t));
            OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, 1, new OpusEncoderSettings(64_000, 5, true, false, 20));
            int[] sum = new int[960];
            byte[] pcm = new byte[1920];
            long[] bytes = {0};
            var bean = ManagementFactory.getThreadMXBean();
            long cpu0 = bean.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
            for (int f = 0; f < frames; f++) {
                for (int t = 0; t < n; t++) {
                    byte[] p = tracks.get(t).get(f % 250);
                    inputs.get(t).onPacket(new MediaPacket(f, f * 20_000L, 20_000, ByteBuffer.wrap(p)));
                }
                java.util.Arrays.fill(sum, 0);
                for (MixInput in : inputs) in.mixInto(sum);
                for (int i = 0; i < 960; i++) {
                    int s = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i]));
                    pcm[2 * i] = (byte) s;
                    pcm[2 * i + 1] = (byte) (s >> 8);
                }
                encoder.encode(pcm, 0, 960, packet -> bytes[0] += packet.length);
            }
            double cpu = (bean.getCurrentThreadCpuTime() - cpu0) / 1e9, wall = (System.nanoTime() - wall0) / 1e9;
            if (print) System.out.printf("N=%-3d %5.1f%% of a core for the room (%4.2f%% per participant); %.1f s CPU for %d s of audio (wall %.1f s); mix %.0f kb/s%n",
                    n, 100 * cpu / seconds, 100 * cpu / seconds / n, cpu, seconds, wall, bytes[0] * 8.0 / seconds / 1000);
            inputs.forEach(MixInput::onDetached);
        }
    }

    private static List<byte[]> tone(int hz, int packets) {
        OpusPcmEncoder encoder = new OpusPcmEncoder(48_000, 1, OpusEncoderSettings.transparent(1).withBitrate(32_000));
        List<byte[]> out = new ArrayList<>();
        byte[] pcm = new byte[1920];
        for (int p = 0, n = 0; p < packets; p++) {
            for (int i = 0; i < 960; i++, n++) {
                int s = (int) (4000 * Math.sin(2 * Math.PI * hz * n / 48_000.0));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            encoder.encode(pcm, 0, 960, out::add);
        }
        return out;
    }
}
