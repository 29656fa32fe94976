package gateway.itest.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The independent peers of the WHIP bridge tests: aiortc as WHIP client, srt-live-transmit as SRT listener, ffmpeg as decoder. */
final class WhipPeers {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern NMT_TOTAL = Pattern.compile("(?m)^Total: .*committed=(\\d+)KB");

    private WhipPeers() {
    }

    /** aiortc is importable by Debian's own interpreter only (python3-aiortc). */
    static void requireAiortc() throws Exception {
        boolean present = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import aiortc").start().waitFor() == 0;
        if (System.getenv("CI") != null && !present) throw new AssertionError("python3-aiortc is required in CI");
        assumeTrue(present, "python3-aiortc not installed");
    }

    static void requireSrtTools() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/srt-live-transmit")) && Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("srt-live-transmit and ffmpeg are required in CI");
        assumeTrue(present, "srt-tools or ffmpeg not installed");
    }

    static Path script() throws Exception {
        URL u = WhipPeers.class.getResource("/whip/aiortc_publish.py");
        if (u == null) throw new AssertionError("aiortc_publish.py is not on the test class path");
        return Path.of(u.toURI());
    }

    /** A running aiortc publisher: its JSON lines as they come. */
    record Publisher(Process process, List<JsonNode> lines) {
        JsonNode await(String event, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (JsonNode l : lines) {
                    if (l.path("event").asText().equals(event)) return l;
                    if (l.path("event").asText().equals("error") && !event.equals("error")) {
                        throw new AssertionError("aiortc failed: " + l);
                    }
                }
                if (!process.isAlive() && lines.stream().noneMatch(l -> l.path("event").asText().equals(event))) {
                    Thread.sleep(100);
                    for (JsonNode l : lines) if (l.path("event").asText().equals(event)) return l;
                    throw new AssertionError("aiortc exited (" + process.exitValue() + ") without '" + event + "': " + lines);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no '" + event + "' from aiortc within " + within + ": " + lines);
        }

        int waitFor(Duration within) throws InterruptedException {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aiortc did not finish: " + lines);
            }
            return process.exitValue();
        }
    }

    static Publisher aiortc(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<JsonNode> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) lines.add(JSON.readTree(line));
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        return new Publisher(p, lines);
    }

    /** srt-live-transmit listening on a UDP port, writing what it receives to a file. */
    static Process srtListener(int port, String passphrase, Path out) throws IOException {
        String uri = "srt://:" + port + "?mode=listener" + (passphrase == null ? "" : "&passphrase=" + passphrase);
        return new ProcessBuilder("srt-live-transmit", uri, "file://con").redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Decodes Ogg/Opus with ffmpeg to 48 kHz mono samples. */
    static short[] decode(Path ogg) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", ogg.toString(),
                "-f", "s16le", "-ac", "1", "-ar", "48000", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] b = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new AssertionError("ffmpeg cannot decode " + ogg);
        short[] s = new short[b.length / 2];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
        return s;
    }

    /** Amplitude of one frequency (Goertzel) over {@code n} samples from {@code from}. */
    static double level(short[] x, int from, int n, double hz) {
        double w = 2 * Math.PI * hz / 48_000, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s = x[i] + c * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2)) / n;
    }

    /** The JVM of a gateway started with this home (bin/gateway execs java). */
    static ProcessHandle jvm(Path home) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("gateway.jar") && c.contains(home.toString())).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no gateway JVM for " + home));
    }

    static long threads(ProcessHandle jvm) throws IOException {
        try (var s = Files.list(Path.of("/proc/" + jvm.pid() + "/task"))) {
            return s.count();
        }
    }

    static long fds(ProcessHandle jvm) throws IOException {
        try (var s = Files.list(Path.of("/proc/" + jvm.pid() + "/fd"))) {
            return s.count();
        }
    }

    /**
     * A gateway's memory in use, in kB.
     *
     * @param rssKb resident memory (VmRSS)
     * @param jvmKb what the JVM itself has committed (heap, metaspace, code, stacks, its own mallocs)
     */
    record Memory(long rssKb, long jvmKb) {
        /** @return resident memory outside the JVM's own: chiefly native libraries' (WebRTC's) */
        long outsideJvmKb() {
            return rssKb - jvmKb;
        }
    }

    /**
     * The gateway's memory after a full GC and after returning free native heap to the OS (jcmd {@code GC.run},
     * {@code System.trim_native_heap}), so that what remains is what is in use. Needs the gateway started with
     * {@code -XX:NativeMemoryTracking=summary}.
     */
    static Memory memory(ProcessHandle jvm) throws Exception {
        Thread.sleep(1000);
        jcmd(jvm, "GC.run");
        jcmd(jvm, "System.trim_native_heap");
        Thread.sleep(500);
        long rss = rssKb(jvm);
        Matcher m = NMT_TOTAL.matcher(jcmd(jvm, "VM.native_memory", "summary"));
        if (!m.find()) {
            throw new AssertionError("no Native Memory Tracking in the gateway (start it with -XX:NativeMemoryTracking=summary)");
        }
        return new Memory(rss, Long.parseLong(m.group(1)));
    }

    private static String jcmd(ProcessHandle jvm, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(jvm.pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("jcmd " + String.join(" ", command) + ": " + out);
        return out;
    }

    /** Resident memory in kB (VmRSS). */
    static long rssKb(ProcessHandle jvm) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + jvm.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
