package gateway.itest.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The real executable, started the way the README and the operator's archive start it: bin/gateway. */
final class GatewayProcess implements AutoCloseable {
    final Path home;
    final int port;
    final String host;
    private final String javaOptions;
    private final Process process;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final long startedNanos = System.nanoTime();

    private GatewayProcess(Path home, int port, String host, String javaOptions, Process process) {
        this.home = home;
        this.port = port;
        this.host = host;
        this.javaOptions = javaOptions;
        this.process = process;
    }

    static GatewayProcess start(Path home, String host) throws IOException {
        return start(home, host, null);
    }

    /**
     * Starts the gateway with other JVM options than bin/gateway's defaults.
     *
     * @param javaOptions the options (bin/gateway's {@code GATEWAY_JAVA_OPTS}), {@code null} for the defaults
     */
    static GatewayProcess start(Path home, String host, String javaOptions) throws IOException {
        Files.createDirectories(home);
        return launch(home, freePort(), host, javaOptions, ProcessBuilder.Redirect.to(home.resolve("console.log").toFile()));
    }

    private static GatewayProcess launch(Path home, int port, String host, String javaOptions, ProcessBuilder.Redirect console)
            throws IOException {
        Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/gateway").toString(), "--home", home.toString(),
                "--port", String.valueOf(port), "--host", host).redirectErrorStream(true).redirectOutput(console);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (javaOptions != null) pb.environment().put("GATEWAY_JAVA_OPTS", javaOptions);
        return new GatewayProcess(home, port, host, javaOptions, pb.start());
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
    java.util.List<com.fasterxml.jackson.databind.JsonNode> events() throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<com.fasterxml.jackson.databind.JsonNode> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> sse = client.send(HttpRequest.newBuilder(uri("/sse")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread.ofVirtual().start(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(
                    new java.io.InputStreamReader(sse.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data:")) frames.add(json.readTree(line.substring(5).trim()));
                }
            } catch (IOException stopped) {
                // the gateway stopped
            }
        });
        Thread.sleep(300); // subscribed before the caller acts
        return frames;
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
        return launch(home, port, host, javaOptions, ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
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
