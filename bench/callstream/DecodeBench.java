import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.opus.OpusPcmDecoder;
import gateway.lib.opus.PcmResampler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Decodes a file's Opus packets to 16 kHz mono 20 ms chunks as the call stream plugin does; prints CPU % per stream-second (after a warm-up pass). */
public class DecodeBench {
    public static void main(String[] args) throws Exception {
        byte[] file = Files.readAllBytes(Path.of(args[0]));
        List<byte[]> packets = new ArrayList<>();
        OpusDemuxer d = new OpusDemuxer(new OpusDemuxer.Listener() {
            public void onHeaders(OpusHead h, OpusTags t) {}
            public void onPacket(long ts, long dur, byte[] p) { packets.add(p); }
        });
        for (OggPage p : new OggPageReader().feed(file, 0, file.length)) d.accept(p);
        var bean = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double result = 0;
        for (int pass = 0; pass < 2; pass++) {
            OpusPcmDecoder dec = new OpusPcmDecoder(1);
            PcmResampler r = new PcmResampler(48_000, 16_000);
            short[] out = new short[2_000];
            byte[] chunk = new byte[640];
            long cpu0 = bean.getProcessCpuTime();
            for (byte[] p : packets) {
                int n = dec.decode(p, 0, p.length);
                int m = r.resample(dec.pcm(), 0, n, out, 0);
                for (int i = 0; i < m; i++) { chunk[2 * i] = (byte) out[i]; chunk[2 * i + 1] = (byte) (out[i] >> 8); }
                Base64.getEncoder().encodeToString(chunk);
            }
            long cpu = bean.getProcessCpuTime() - cpu0;
            result = 100.0 * cpu / 1e9 / (packets.size() * 0.02);
        }
        System.out.printf("%.3f%n", result);
    }
}
