package gateway.itest.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The real executable, started the way the README and the operator's archive start it: bin/gateway. */
final class GatewayProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Path home;
    /** The HTTP port the test talks to; {@link #movedTo} changes it when the test moves the gateway. */
    volatile int port;
    final String host;
    private final String extraJavaOptions;
    private final Process process;
    private volatile String scheme = "http";
    private volatile HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final long startedNanos = System.nanoTime();
    /** Every gateway started and not yet closed, so none outlives its test class (see {@link NoGatewayLeftBehind}). */
    private static final Set<GatewayProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(GatewayProcess::killAll, "gateway-process-reaper"));
    }

    private GatewayProcess(Path home, int port, String host, String extraJavaOptions, Process process) {
        this.home = home;
        this.port = port;
        this.host = host;
        this.extraJavaOptions = extraJavaOptions;
        this.process = process;
        RUNNING.add(this);
    }

    /**
     * Stops every gateway still running: those a test lost track of (a start that failed its wait before the test
     * kept the process, say), which would otherwise load the machine for the rest of the run.
     *
     * @return the homes of the gateways that were still running
     */
    static List<Path> killAll() {
        List<Path> homes = new java.util.ArrayList<>();
        for (GatewayProcess gw : RUNNING) {
            if (gw.process.isAlive()) {
                homes.add(gw.home);
                gw.process.destroyForcibly();
                try {
                    gw.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RUNNING.remove(gw);
        }
        return homes;
    }

    /**
     * Starts the gateway with only {@code --home}: the address comes from {@code etc/gateway.http.cfg}, which the
     * test has written.
     *
     * @param port the port the file names, for the test's requests
     */
    static GatewayProcess startConfigured(Path home, int port) throws IOException {
        Files.createDirectories(home);
        Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/gateway").toString(), "--home", home.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("GATEWAY_HTTP_PORT");
        pb.environment().remove("GATEWAY_HTTP_HOST");
        pb.environment().remove("GATEWAY_HOME");
        return new GatewayProcess(home, port, null, null, pb.start());
    }

    /** Talks HTTPS from now on, trusting what {@code trust} trusts. */
    GatewayProcess https(javax.net.ssl.SSLContext trust) {
        scheme = "https";
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(trust).build();
        return this;
    }

    /** The test moved the gateway to another port (through its configuration). */
    void movedTo(int newPort) {
        port = newPort;
    }

    static GatewayProcess start(Path home, String host) throws IOException {
        return start(home, host, null);
    }

    /**
     * Starts the gateway with JVM options added to bin/gateway's own (through {@code JDK_JAVA_OPTIONS}, which
     * the {@code java} launcher reads).
     *
     * @param extraJavaOptions the options to add, {@code null} for none
     */
    static GatewayProcess start(Path home, String host, String extraJavaOptions) throws IOException {
        Files.createDirectories(home);
        return launch(home, freePort(), host, extraJavaOptions, ProcessBuilder.Redirect.to(home.resolve("console.log").toFile()));
    }

    private static GatewayProcess launch(Path home, int port, String host, String extraJavaOptions, ProcessBuilder.Redirect console)
            throws IOException {
        Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/gateway").toString(), "--home", home.toString(),
                "--port", String.valueOf(port), "--host", host).redirectErrorStream(true).redirectOutput(console);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (extraJavaOptions != null) pb.environment().put("JDK_JAVA_OPTIONS", extraJavaOptions);
        return new GatewayProcess(home, port, host, extraJavaOptions, pb.start());
    }

    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) b.headers(headers);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Subscribes to {@code /sse} and collects its JSON frames as they arrive, until the gateway stops. Right after a
     * move of the HTTP address the JAX-RS whiteboard deploys its resources again one by one, and {@code /sse} may
     * answer 404 or 503 for a moment while others already answer: the subscription is asked again until it is
     * accepted (within 10 s).
     *
     * @return the frames so far (a live, thread-safe list)
     */
    List<JsonNode> events() throws IOException, InterruptedException {
        Frames frames = new Frames();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<InputStream> sse;
        while (true) {
            sse = client.send(HttpRequest.newBuilder(uri("/sse")).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (sse.statusCode() == 200) break;
            sse.body().close();
            if (System.nanoTime() - deadline > 0) throw new AssertionError("/sse answered " + sse.statusCode() + " for 10 s");
            Thread.sleep(100);
        }
        InputStream body = sse.body();
        java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    // the gateway's first line, sent once the subscription is in place
                    if (line.equals(": connected")) subscribed.countDown();
                    if (line.startsWith("data:")) frames.add(JSON.readTree(line.substring(5).trim()));
                }
            } catch (IOException stopped) {
                // the gateway stopped
            } finally {
                frames.close();
                subscribed.countDown();
            }
        });
        if (!subscribed.await(10, TimeUnit.SECONDS)) throw new AssertionError("/sse sent no ': connected' within 10 s");
        return frames;
    }

    /** The frames of one {@code /sse} subscription; waiters are woken by each new frame. */
    static final class Frames extends CopyOnWriteArrayList<JsonNode> {
        private static final long serialVersionUID = 1L;
        private volatile boolean closed;

        @Override
        public boolean add(JsonNode frame) {
            boolean added = super.add(frame);
            synchronized (this) {
                notifyAll();
            }
            return added;
        }

        synchronized void close() {
            closed = true;
            notifyAll();
        }

        /** @return whether the stream has ended (the gateway closed it or stopped) */
        boolean closed() {
            return closed;
        }
    }

    /**
     * Waits for the first event of a type among the frames {@link #events()} collects.
     *
     * @return the event
     * @throws AssertionError if none arrives in time
     */
    static JsonNode awaitEvent(List<JsonNode> frames, String type, Duration within) throws InterruptedException {
        return awaitEvent(frames, f -> f.path("type").asText().equals(type), "'" + type + "' event", within);
    }

    /**
     * Waits for the first frame that satisfies a condition.
     *
     * @return the frame
     * @throws AssertionError if none arrives in time
     */
    static JsonNode awaitEvent(List<JsonNode> frames, Predicate<JsonNode> condition, String what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Object monitor = frames instanceof Frames ? frames : new Object();
        synchronized (monitor) { // a frame added between the check and the wait wakes the wait
            while (true) {
                for (JsonNode f : frames) if (condition.test(f)) return f;
                long left = deadline - System.nanoTime();
                if (left <= 0 || (frames instanceof Frames fs && fs.closed())) break;
                TimeUnit.NANOSECONDS.timedWait(monitor, frames instanceof Frames ? left : Math.min(left, 20_000_000));
            }
        }
        throw new AssertionError("no " + what + " within " + within + ": " + frames);
    }

    /** Waits until the console log contains a text (the gateway's log is observable state too). */
    String awaitLog(String text, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String log = console();
            if (log.contains(text)) return log;
            Thread.sleep(25);
        }
        throw new AssertionError("the log did not show '" + text + "' within " + within + ":\n" + console());
    }

    /** Polls until {@code path} satisfies the condition; fails with the console log otherwise. */
    HttpResponse<String> await(String path, Predicate<HttpResponse<String>> until, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("the gateway exited:\n" + console());
            try {
                last = get(path);
                if (until.test(last)) return last;
            } catch (IOException notListening) {
                // not up yet
            }
            Thread.sleep(25);
        }
        throw new AssertionError("timed out waiting on " + path + " (last status "
                + (last == null ? "none" : last.statusCode()) + ")\n" + console());
    }

    String console() {
        try {
            return Files.readString(home.resolve("console.log"));
        } catch (IOException e) {
            return "(no console log)";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the gateway without warning (SIGKILL, as {@code kill -9}): nothing runs on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("the gateway survived SIGKILL");
    }

    /** Starts the gateway again on the same home and port, appending to its console log. */
    GatewayProcess restart() throws IOException {
        return launch(home, port, host, extraJavaOptions, ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
    }

    /** Stops the gateway the way an operator does (SIGTERM) and returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the gateway did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    /**
     * Ends the gateway at the end of a test: killed (SIGKILL), since nothing the test checks happens after this
     * point. An orderly stop takes one to two seconds of plugin and HTTP shutdown per gateway; the tests that
     * prove the stop itself ask for it with {@link #stop()} (its exit code, the live streams it ends, its log).
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new AssertionError("the gateway survived SIGKILL");
        }
        RUNNING.remove(this);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
