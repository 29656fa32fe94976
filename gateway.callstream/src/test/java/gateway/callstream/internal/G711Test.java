package gateway.callstream.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our μ-law tables against ffmpeg's {@code pcm_mulaw}, on every 16-bit value. */
class G711Test {
    @TempDir
    Path tmp;

    private static void ffmpeg(String... args) throws Exception {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "ffmpeg";
        cmd[1] = "-v";
        cmd[2] = "error";
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void encodesEverySampleAsFfmpegsPcmMulawDoesAndDecodesEveryCodeAlike() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("ffmpeg is required in CI");
        assumeTrue(present, "ffmpeg not installed");
        short[] all = new short[65_536];
        ByteBuffer pcm = ByteBuffer.allocate(all.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i - 32_768);
            pcm.putShort(all[i]);
        }
        Files.write(tmp.resolve("all.raw"), pcm.array());
        ffmpeg("-f", "s16le", "-ar", "8000", "-ac", "1", "-i", tmp.resolve("all.raw").toString(),
                "-c:a", "pcm_mulaw", "-f", "mulaw", tmp.resolve("all.ulaw").toString());
        byte[] theirs = Files.readAllBytes(tmp.resolve("all.ulaw"));
        byte[] ours = MediaFormat.MULAW_8K.encode(all, 0, all.length);
        assertEquals(theirs.length, ours.length);
        for (int i = 0; i < ours.length; i++) {
            if (ours[i] != theirs[i]) throw new AssertionError("sample " + all[i] + ": ours " + (ours[i] & 0xff) + ", ffmpeg " + (theirs[i] & 0xff));
        }

        byte[] codes = new byte[256];
        for (int c = 0; c < 256; c++) codes[c] = (byte) c;
        Files.write(tmp.resolve("codes.ulaw"), codes);
        ffmpeg("-f", "mulaw", "-ar", "8000", "-ac", "1", "-i", tmp.resolve("codes.ulaw").toString(), "-f", "s16le", tmp.resolve("codes.raw").toString());
        ByteBuffer decoded = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("codes.raw"))).order(ByteOrder.LITTLE_ENDIAN);
        short[] expected = new short[256];
        short[] actual = new short[256];
        for (int c = 0; c < 256; c++) {
            expected[c] = decoded.getShort();
            actual[c] = G711.decode((byte) c);
        }
        assertArrayEquals(expected, actual);
    }
}
