package gateway.lib.ogg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg/ffprobe, the independent implementation these tests compare against. */
final class Ffmpeg {
    private Ffmpeg() {
    }

    /** Skips the test without ffmpeg, except in CI, where a missing peer is a failure. */
    static void require() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ffmpeg")) || onPath("ffmpeg");
        if (System.getenv("CI") != null && !present) throw new AssertionError("ffmpeg is required in CI (.ci/run installs it)");
        assumeTrue(present, "ffmpeg not installed");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }

    record Result(int exit, String output) {}

    static Result run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out));
    }

    static Path sine(Path dir, String name, String codec, int seconds, String... extra) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=" + seconds, "-c:a", codec));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-f", "ogg", out.toString()));
        Result r = run(cmd.toArray(String[]::new));
        if (r.exit() != 0) throw new AssertionError("ffmpeg failed: " + r.output());
        return out;
    }

    static double duration(Path file) throws IOException, InterruptedException {
        Result r = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.toString());
        if (r.exit() != 0) throw new AssertionError("ffprobe failed: " + r.output());
        return Double.parseDouble(r.output().trim());
    }
}
