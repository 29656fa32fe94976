package gateway.itest.e2e;

import gateway.lib.ogg.OggFormatException;
import gateway.lib.ogg.OggPage;
import gateway.lib.ogg.OggPageReader;
import gateway.lib.ogg.OpusDemuxer;
import gateway.lib.ogg.OpusHead;
import gateway.lib.ogg.OpusTags;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Independent readers of recorded audio: ffmpeg, ffprobe, opusinfo, and a tone detector on decoded PCM. */
final class Audio {
    private Audio() {
    }

    record Run(int exit, String output) {}

    static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + List.of(command));
        }
        return new Run(p.exitValue(), new String(out));
    }

    /** A tone encoded once, so the test knows every Opus packet the gateway should store. */
    static Path tone(Path dir, int hz, int seconds) throws Exception {
        Path out = dir.resolve("tone-" + hz + "-" + seconds + ".ogg");
        Run r = run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=" + hz + ":duration=" + seconds, "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000",
                "-metadata", "title=Tone " + hz, "-f", "ogg", out.toString());
        if (r.exit() != 0) throw new AssertionError("ffmpeg failed: " + r.output());
        return out;
    }

    /** Sends a file's Opus packets unchanged (stream copy) at real time over SRT, as a live encoder would. */
    static Process sendOverSrt(Path file, String passphrase, int port) throws IOException {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-i", file.toString(), "-c", "copy",
                "-page_duration", "20000", "-f", "ogg", "-passphrase", passphrase, "srt://127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The headers and audio packets of an Ogg/Opus file, read with the gateway's demuxer. */
    record Opus(OpusHead head, OpusTags tags, List<byte[]> packets) {}

    static Opus packets(Path file) throws IOException, OggFormatException {
        List<byte[]> packets = new ArrayList<>();
        OpusHead[] head = new OpusHead[1];
        OpusTags[] tags = new OpusTags[1];
        OpusDemuxer demuxer = new OpusDemuxer(new OpusDemuxer.Listener() {
            @Override
            public void onHeaders(OpusHead h, OpusTags t) {
                head[0] = h;
                tags[0] = t;
            }

            @Override
            public void onPacket(long timestampMicros, long durationMicros, byte[] packet) {
                packets.add(packet);
            }
        });
        OggPageReader reader = new OggPageReader();
        byte[] bytes = Files.readAllBytes(file);
        for (OggPage page : reader.feed(bytes, 0, bytes.length)) demuxer.accept(page);
        return new Opus(head[0], tags[0], packets);
    }

    /** @return where {@code part} occurs in {@code whole} as a contiguous run of identical packets, or -1 */
    static int indexOf(List<byte[]> whole, List<byte[]> part) {
        outer:
        for (int i = 0; i + part.size() <= whole.size(); i++) {
            for (int j = 0; j < part.size(); j++) {
                if (!Arrays.equals(whole.get(i + j), part.get(j))) continue outer;
            }
            return i;
        }
        return -1;
    }

    static double ffprobeSeconds(Path file) throws Exception {
        Run r = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.toString());
        if (r.exit() != 0) throw new AssertionError("ffprobe failed: " + r.output());
        return Double.parseDouble(r.output().trim());
    }

    static String ffprobeCodec(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                file.toString()).output().trim();
    }

    /** @return the playback length opusinfo (opus-tools, libopusfile) reports, in milliseconds */
    static long opusinfoMillis(Path file) throws Exception {
        Run r = run("opusinfo", file.toString());
        if (r.exit() != 0) throw new AssertionError("opusinfo failed: " + r.output());
        if (r.output().contains("WARNING") || r.output().contains("ERROR")) throw new AssertionError("opusinfo complains:\n" + r.output());
        Matcher m = Pattern.compile("Playback length: (\\d+)m:(\\d+)\\.(\\d+)s").matcher(r.output());
        if (!m.find()) throw new AssertionError("no playback length in:\n" + r.output());
        return Long.parseLong(m.group(1)) * 60_000 + Long.parseLong(m.group(2)) * 1000 + Long.parseLong(m.group(3));
    }

    /** Decodes with ffmpeg (mono, 48 kHz, 16 bit), failing on any decoder error. */
    static short[] decode(Path file) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "s16le", "-ac", "1", "-ar", "48000", "-")
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] pcm = p.getInputStream().readAllBytes();
        String errors = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !errors.isBlank())
            throw new AssertionError("ffmpeg could not decode " + file + ": " + errors);
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** Relative power of a frequency (Goertzel) over the middle of the signal. */
    static double power(short[] s, double hz) {
        int from = s.length / 4;
        int to = from + Math.min(s.length / 2, 48_000);
        double k = 2 * Math.cos(2 * Math.PI * hz / 48_000);
        double s1 = 0, s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = s[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - k * s1 * s2) / ((double) (to - from) * (to - from));
    }

    /** @return the frequency among the candidates with the most power */
    static int dominant(short[] samples, int... candidates) {
        int best = candidates[0];
        for (int c : candidates) if (power(samples, c) > power(samples, best)) best = c;
        return best;
    }
}
