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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The real executable, started the way the README and the operator's archive start it: bin/gateway. */
final class GatewayProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Path home;
    final int port;
    final String host;
    private final String extraJavaOptions;
    private final Process process;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final long startedNanos = System.nanoTime();

    private GatewayProcess(Path home, int port, String host, String extraJavaOptions, Process process) {
        this.home = home;
        this.port = port;
        this.host = host;
        this.extraJavaOptions = extraJavaOptions;
        this.process = process;
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
        return URI.create("http://127.0.0.1:" + port + path);
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
     * Subscribes to {@code /sse} and collects its JSON frames as they arrive, until the gateway stops.
     *
     * @return the frames so far (a live, thread-safe list)
     */
    List<JsonNode> events() throws IOException, InterruptedException {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> sse = client.send(HttpRequest.newBuilder(uri("/sse")).build(), HttpResponse.BodyHandlers.ofInputStream());
        java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(": connected")) subscribed.countDown();
                    if (line.startsWith("data:")) frames.add(JSON.readTree(line.substring(5).trim()));
                }
            } catch (IOException stopped) {
                // the gateway stopped
            }
        });
        // the gateway sends this comment once the client is subscribed: events from now on reach it
        if (!subscribed.await(10, TimeUnit.SECONDS)) throw new AssertionError("no ': connected' from /sse within 10 s");
        return frames;
    }

    /**
     * Waits for the first event of a type among the frames {@link #events()} collects.
     *
     * @return the event
     * @throws AssertionError if none arrives in time
     */
    static JsonNode awaitEvent(List<JsonNode> frames, String type, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode f : frames) if (f.path("type").asText().equals(type)) return f;
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + type + "' event within " + within + ": " + frames);
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

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
