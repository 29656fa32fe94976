import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import gateway.lib.opus.OpusPcmDecoder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Decodes a file's Opus packets to 16 kHz mono 20 ms chunks as the call stream plugin does (decode at 16 kHz,
 * L16 little-endian, base64), as fast as it goes; prints the decoder used and the CPU % of a core per
 * stream-second, after two warm-up passes (the JIT). -Dgateway.lib.opus.native=false measures the Java fallback.
 */
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
        String implementation = "";
        for (int pass = 0; pass < 3; pass++) {
            try (OpusPcmDecoder dec = new OpusPcmDecoder(16_000, 1)) {
                implementation = dec.implementation();
                byte[] chunk = new byte[640];
                long cpu0 = bean.getProcessCpuTime();
                for (byte[] p : packets) {
                    int n = dec.decode(p, 0, p.length);
                    short[] pcm = dec.pcm();
                    for (int i = 0; i < n; i++) { chunk[2 * i] = (byte) pcm[i]; chunk[2 * i + 1] = (byte) (pcm[i] >> 8); }
                    Base64.getEncoder().encodeToString(chunk);
                }
                long cpu = bean.getProcessCpuTime() - cpu0;
                result = 100.0 * cpu / 1e9 / (packets.size() * 0.02);
            }
        }
        System.out.printf("%.3f %s%n", result, implementation);
    }
}
