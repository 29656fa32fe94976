package gateway.lib.srt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The independent SRT implementations the tests run against: ffmpeg (libsrt) and srt-live-transmit. */
final class Peers {
    private Peers() {
    }

    static void require(String... tools) {
        for (String tool : tools) {
            boolean present = false;
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, tool))) present = true;
            }
            if (System.getenv("CI") != null && !present) throw new AssertionError(tool + " is required in CI (.ci/run installs it)");
            assumeTrue(present, tool + " not installed");
        }
    }

    record Result(int exit, String output) {}

    /**
     * Polls until the condition holds (observable state, not a fixed sleep).
     *
     * @throws AssertionError naming what was awaited, if it does not hold in time
     */
    static void await(String what, BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + within + " waiting for " + what);
            Thread.sleep(10);
        }
    }

    /** Waits until a peer started as a listener has bound its UDP port (it is in /proc/net/udp or udp6). */
    static void awaitUdpBound(int port, Duration within) throws InterruptedException {
        String hex = String.format(":%04X ", port);
        await("a listener on udp port " + port, () -> {
            try {
                return Files.readString(Path.of("/proc/net/udp")).contains(hex) || Files.readString(Path.of("/proc/net/udp6")).contains(hex);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, within);
    }

    static Result run(Duration limit, String... command) throws IOException, InterruptedException {
        return runUntil(() -> false, limit, command);
    }

    /**
     * Runs a command (a pipeline, say) until it exits, {@code done} holds or {@code limit} has passed, whichever
     * comes first; then ends it and every process it started. For senders that never exit by themselves: the test
     * ends them once the receiving side has what it waits for, not after a fixed time that a loaded machine may
     * need more of.
     */
    static Result runUntil(BooleanSupplier done, Duration limit, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (IOException ignored) {
                // process ended
            }
        });
        long deadline = System.nanoTime() + limit.toNanos();
        while (p.isAlive() && !done.getAsBoolean() && System.nanoTime() < deadline) p.waitFor(10, TimeUnit.MILLISECONDS);
        if (p.isAlive()) {
            // the whole pipeline: srt-live-transmit never exits by itself
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
        }
        reader.join(2000);
        return new Result(p.exitValue(), out.toString());
    }

    /** The sender from the reference document, with 20 ms pages so a short clip arrives whole. */
    static Result ffmpegSine(int seconds, String url) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(seconds + 20), "ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=" + seconds, "-c:a", "libopus", "-b:a", "64k",
                "-page_duration", "20000", "-f", "ogg", url);
    }
}
