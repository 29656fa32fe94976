package gateway.itest.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

    /**
     * JSON objects as a peer reports them (one per line on a stream, or posted by a page), awaited as they
     * arrive: a waiter wakes on each new one and when the source has ended, never by polling.
     */
    static final class Reports {
        private final List<JsonNode> items = new CopyOnWriteArrayList<>();
        private boolean ended;

        synchronized void add(JsonNode item) {
            items.add(item);
            notifyAll();
        }

        /** The source has nothing more to say (its stream reached its end). */
        synchronized void end() {
            ended = true;
            notifyAll();
        }

        List<JsonNode> all() {
            return items;
        }

        /**
         * @param key   the field naming what happened ({@code event}, {@code type})
         * @param value what to wait for
         * @param fatal a value of the same field that means failure (it fails the wait), or null
         * @return the first item whose field has the value
         * @throws AssertionError when a fatal item comes first, the source ends without it, or the time is up
         */
        synchronized JsonNode await(String key, String value, String fatal, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                for (JsonNode l : items) {
                    if (l.path(key).asText().equals(value)) return l;
                    if (fatal != null && !fatal.equals(value) && l.path(key).asText().equals(fatal)) throw new AssertionError("failed: " + l);
                }
                if (ended) throw new AssertionError("ended without '" + value + "': " + items);
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("no '" + value + "' within " + within + ": " + items);
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** A running aiortc publisher: its JSON lines as they come. */
    record Publisher(Process process, Reports reports) {
        List<JsonNode> lines() {
            return reports.all();
        }

        JsonNode await(String event, Duration within) throws InterruptedException {
            try {
                return reports.await("event", event, "error", within);
            } catch (AssertionError e) {
                throw new AssertionError("aiortc " + (process.isAlive() ? "" : "(exit " + process.exitValue() + ") ") + e.getMessage(), e);
            }
        }

        int waitFor(Duration within) throws InterruptedException {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aiortc did not finish: " + lines());
            }
            return process.exitValue();
        }
    }

    static Publisher aiortc(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Reports reports = new Reports();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) reports.add(JSON.readTree(line));
                }
            } catch (IOException ignored) {
                // process ended
            } finally {
                reports.end();
            }
        });
        return new Publisher(p, reports);
    }

    /**
     * Subscribes to the gateway's {@code /sse} and returns once the subscription is live (the gateway's
     * {@code : connected} comment has arrived), so that nothing the caller does next is missed.
     *
     * @return the events as they arrive; await them by {@code type}
     */
    static Reports events(GatewayProcess gw) throws Exception {
        Reports events = new Reports();
        CountDownLatch subscribed = new CountDownLatch(1);
        HttpResponse<InputStream> sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/sse")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(": connected")) subscribed.countDown();
                    if (line.startsWith("data:")) events.add(JSON.readTree(line.substring(5).trim()));
                }
            } catch (IOException stopped) {
                // the gateway stopped
            } finally {
                events.end();
            }
        });
        if (!subscribed.await(10, TimeUnit.SECONDS)) throw new AssertionError("/sse did not confirm the subscription within 10 s");
        return events;
    }

    /** The first event of a type. */
    static JsonNode awaitEvent(Reports events, String type, Duration within) throws InterruptedException {
        return events.await("type", type, null, within);
    }

    /** The types of the events so far that start with a prefix, in order. */
    static List<String> types(Reports events, String prefix) {
        return events.all().stream().map(e -> e.path("type").asText()).filter(t -> t.startsWith(prefix)).toList();
    }

    /**
     * Waits until an Ogg stream written by an SRT listener has ended: its last page carries the end-of-stream
     * flag (the bridge writes it when the publisher leaves), so nothing more is on its way.
     */
    static void awaitOggEnd(Path ogg, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!endsWithEndOfStreamPage(ogg)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no end-of-stream page in " + ogg + " within " + within);
            Thread.sleep(20); // polled: another process writes the file
        }
    }

    private static boolean endsWithEndOfStreamPage(Path ogg) throws IOException {
        if (!Files.exists(ogg)) return false;
        byte[] b = Files.readAllBytes(ogg);
        for (int i = b.length - 27; i >= 0; i--) {
            if (b[i] == 'O' && b[i + 1] == 'g' && b[i + 2] == 'g' && b[i + 3] == 'S') {
                int segments = b[i + 26] & 0xff;
                if (i + 27 + segments > b.length) return false;
                int size = 0;
                for (int k = 0; k < segments; k++) size += b[i + 27 + k] & 0xff;
                return i + 27 + segments + size == b.length && (b[i + 5] & 0x04) != 0;
            }
        }
        return false;
    }

    /** Waits until a file has at least {@code bytes} bytes (a peer's output has begun to arrive). */
    static void awaitSize(Path file, long bytes, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!Files.exists(file) || Files.size(file) < bytes) {
            if (System.nanoTime() > deadline) throw new AssertionError(file + " did not reach " + bytes + " bytes within " + within);
            Thread.sleep(20);
        }
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
     * {@code System.trim_native_heap}), so that what remains is what is in use; repeated until two readings in a
     * row agree within 256 kB (native threads of a bridge that has just ended may still be releasing memory).
     * Needs the gateway started with {@code -XX:NativeMemoryTracking=summary}.
     */
    static Memory memory(ProcessHandle jvm) throws Exception {
        Memory previous = null;
        for (int i = 0; i < 10; i++) {
            jcmd(jvm, "GC.run");
            jcmd(jvm, "System.trim_native_heap");
            long rss = rssKb(jvm);
            Matcher m = NMT_TOTAL.matcher(jcmd(jvm, "VM.native_memory", "summary"));
            if (!m.find()) {
                throw new AssertionError("no Native Memory Tracking in the gateway (start it with -XX:NativeMemoryTracking=summary)");
            }
            Memory now = new Memory(rss, Long.parseLong(m.group(1)));
            if (previous != null && Math.abs(now.outsideJvmKb() - previous.outsideJvmKb()) < 256) return now;
            previous = now;
        }
        return previous;
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
