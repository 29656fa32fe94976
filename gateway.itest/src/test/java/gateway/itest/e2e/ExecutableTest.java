package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real executable, as an operator runs it: home layout, endpoints, hot deploy, management access. */
class ExecutableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIST = Path.of(System.getProperty("gateway.dist")).toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void startsWithItsHomeLayoutAndServesTheCoreEndpoints() throws Exception {
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            for (String dir : new String[] {"etc", "deploy", "data", "logs"}) {
                assertTrue(Files.isDirectory(home.resolve(dir)), dir + "/ created");
            }
            Path defaults = DIST.resolve("etc");
            try (var files = Files.list(defaults)) {
                for (Path f : files.toList()) {
                    Path copy = home.resolve("etc").resolve(f.getFileName());
                    assertTrue(Files.isRegularFile(copy), f.getFileName() + " copied to etc/ on first start");
                    assertEquals(Files.readString(f), Files.readString(copy), f.getFileName() + " copied unchanged");
                }
            }
            for (String pid : DefaultConfigurationTest.designatedPids().keySet()) {
                assertTrue(Files.isRegularFile(home.resolve("etc/" + pid + ".cfg")), "etc/" + pid + ".cfg on first start");
            }
            assertTrue(Files.size(home.resolve("logs/gateway.log")) > 0, "logs to a file");

            HttpResponse<String> plugins = gw.get("/plugins");
            assertEquals(200, plugins.statusCode(), "open on loopback without a token");
            assertTrue(plugins.body().contains("\"gateway.core\""));

            HttpResponse<String> page = gw.get("/openapi");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            Matcher script = Pattern.compile("<script[^>]+src=\"([^\"]+)\"").matcher(page.body());
            assertTrue(script.find(), "the page loads a script");
            String src = script.group(1);
            assertFalse(src.startsWith("http"), "served by the gateway itself, not a CDN: " + src);
            HttpResponse<String> asset = gw.get(src.startsWith("/") ? src : "/openapi/" + src);
            assertEquals(200, asset.statusCode(), "script asset " + src);
            assertTrue(asset.body().length() > 100_000, "the Scalar bundle");

            JsonNode spec = JSON.readTree(gw.get("/openapi/openapi.json").body());
            assertTrue(spec.path("openapi").asText().startsWith("3."));
            assertTrue(spec.path("paths").has("/ping"));
            assertTrue(spec.path("paths").has("/plugins"));
            int exit = gw.stop();
            assertTrue(exit == 0 || exit == 143, "stops on SIGTERM (JVM exit status 143 = terminated by SIGTERM): " + exit);
        }
    }

    @Test
    void hotDeploysAndRemovesAPluginThroughTheDeployFolder() throws Exception {
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            assertEquals(404, gw.get("/stats").statusCode());
            assertFalse(JSON.readTree(gw.get("/openapi/openapi.json").body()).path("paths").has("/stats"));

            Path plugin = home.resolve("deploy/gateway.example.stats.jar");
            Path staged = home.resolve("gateway.example.stats.jar.part");
            Files.copy(Path.of(System.getProperty("stats.bundle")), staged);
            Files.move(staged, plugin, StandardCopyOption.ATOMIC_MOVE);
            gw.await("/stats", r -> r.statusCode() == 200, Duration.ofSeconds(10));
            gw.await("/openapi/openapi.json", r -> r.body().contains("\"/stats\""), Duration.ofSeconds(5));
            JsonNode listed = JSON.readTree(gw.get("/plugins/gateway.example.stats").body());
            assertEquals("active", listed.path("state").asText());

            Files.delete(plugin);
            gw.await("/stats", r -> r.statusCode() == 404, Duration.ofSeconds(10));
            gw.await("/openapi/openapi.json", r -> !r.body().contains("\"/stats\""), Duration.ofSeconds(5));
            // the plugin's resources go when it stops; the plugin itself once it is uninstalled, a moment later
            gw.await("/plugins/gateway.example.stats", r -> r.statusCode() == 404, Duration.ofSeconds(5));
        }
    }

    @Test
    void beyondLoopbackManagementEndpointsRequireTheGeneratedToken() throws Exception {
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "0.0.0.0")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            HttpResponse<String> refused = gw.get("/plugins");
            assertEquals(401, refused.statusCode());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(401, gw.get("/plugins", "Authorization", "Bearer wrong").statusCode());
            // refusals are visible to the operator: what, from where, why; never the token offered
            gw.awaitLog("Management request refused (missing token): GET /plugins from 127.0.0.1", Duration.ofSeconds(5));
            gw.awaitLog("Management request refused (wrong token): GET /plugins from 127.0.0.1", Duration.ofSeconds(5));
            assertFalse(gw.console().contains("Bearer wrong"));

            Path tokenFile = home.resolve("data/management.token");
            String token = Files.readString(tokenFile).trim();
            assertTrue(token.length() >= 32);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            assertEquals(200, gw.get("/plugins", "Authorization", "Bearer " + token).statusCode());
            assertEquals(200, gw.get("/streams", "Authorization", "Bearer " + token).statusCode());
            assertEquals(204, gw.get("/ping").statusCode(), "public endpoints stay public");
            assertFalse(gw.console().contains(token), "the token is never logged");
            assertFalse(Files.readString(home.resolve("logs/gateway.log")).contains(token), "the token is never logged");
        }
    }

    @Test
    void headOnPingDoesNotHangAndUnknownPathsGetProblemJson() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            HttpResponse<String> head = gw.send(HttpRequest.newBuilder(gw.uri("/ping"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build());
            assertEquals(204, head.statusCode());
            HttpResponse<String> unknown = gw.get("/no/such/path");
            assertEquals(404, unknown.statusCode());
            assertEquals(404, JSON.readTree(unknown.body()).path("status").asInt());
        }
    }

    @Test
    void sseSendsKeepalivesAtTheConfiguredPeriodAndConfigurationIsPickedUpLive() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.sse.cfg"), "keepaliveSeconds = 1\n");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            var client = java.net.http.HttpClient.newHttpClient();
            HttpResponse<java.util.stream.Stream<String>> sse = client.send(
                    HttpRequest.newBuilder(gw.uri("/sse")).build(), HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, sse.statusCode());
            long t0 = System.nanoTime();
            java.util.Iterator<String> lines = sse.body().iterator();
            int keepalives = 0;
            while (keepalives < 2 && System.nanoTime() - t0 < 10_000_000_000L) {
                if (lines.next().equals(": keepalive")) keepalives++;
            }
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(2, keepalives);
            assertTrue(elapsedMs < 5_000, "two keepalives at a 1 s period took " + elapsedMs + " ms");

            // Configuration changes while running: moving the management policy by a new token.
            Files.writeString(home.resolve("etc/gateway.http.cfg"), "managementToken = live-change-token-123\n");
            gw.await("/plugins", r -> r.statusCode() == 401, Duration.ofSeconds(10));
            assertEquals(200, gw.get("/plugins", "Authorization", "Bearer live-change-token-123").statusCode());
        }
    }

    /** An ffmpeg SRT caller sending a tone in real time, as the reference document's sender does. */
    private static Process srtCaller(String token, int port, int seconds) throws Exception {
        SrtIngestTest.requireFfmpeg();
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=" + seconds, "-c", "libopus", "-page_duration", "20000",
                "-f", "ogg", "-passphrase", token, "srt://127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static JsonNode reserve(GatewayProcess gw) throws Exception {
        // After a move of the HTTP address the API's resources are registered again one by one, and the SRT
        // ingest's once more when it follows the new address: a 404 meanwhile reserves nothing, so it is retried.
        // Until the ingest has followed, it answers 503 with Retry-After (a reservation then would name the old
        // port), which a client honours as documented; any reservation granted must name the port in effect.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/reserve")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"" + java.util.UUID.randomUUID() + "\"}"))
                    .timeout(Duration.ofSeconds(10)).build());
            if (r.statusCode() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling the observable state: the resource is not registered yet
                continue;
            }
            if (r.statusCode() == 503 && System.nanoTime() < deadline) {
                assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""), r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "503 says when to try again");
                Thread.sleep(1000); // as Retry-After asks
                continue;
            }
            assertEquals(201, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        }
    }

    /**
     * Streams two seconds through the SRT ingest on the port its reservation names, and waits until the stream has
     * opened and the caller has finished.
     *
     * @param frames the events of an {@code /sse} subscription on which no stream has opened yet
     */
    private static void streamOverSrt(GatewayProcess gw, int expectedPort) throws Exception {
        JsonNode reservation = reserve(gw);
        // subscribed once the reservation went through: the endpoints are settled after a move of the address
        List<JsonNode> frames = gw.events();
        assertEquals(expectedPort, reservation.path("port").asInt(), "the SRT ingest listens on the HTTP port number");
        Process caller = srtCaller(reservation.path("credentials").path("token").asText(), expectedPort, 2);
        try {
            JsonNode opened = GatewayProcess.awaitEvent(frames, "stream-opened", Duration.ofSeconds(20));
            assertEquals("srt", opened.path("data").path("origin").asText());
            assertTrue(caller.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg finished");
            assertEquals(0, caller.exitValue(), "the SRT caller was accepted and sent its tone");
        } finally {
            caller.destroyForcibly();
        }
    }

    @Test
    void theHttpPortSetOnlyInItsFileIsWhereHttpAndTheSrtIngestListenAndBothFollowAChange() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        int first = GatewayProcess.freePort();
        Files.writeString(home.resolve("etc/gateway.http.cfg"), "port = " + first + "\nhost = 127.0.0.1\n");
        try (GatewayProcess gw = GatewayProcess.startConfigured(home, first)) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            gw.awaitLog("HTTP API at http://127.0.0.1:" + first + "/", Duration.ofSeconds(10));
            streamOverSrt(gw, first);

            int second = GatewayProcess.freePort();
            // Asked all through the move, POST /reserve never fails with 500: while the JAX-RS whiteboard deploys
            // the resource again it answers 404 (not registered) or 503 with Retry-After (being deployed, or the
            // ingest not yet on the new port), then 400 for this body, which reserves nothing.
            Asking asking = new Asking(gw, second);
            Files.writeString(home.resolve("etc/gateway.http.cfg"), "port = " + second + "\nhost = 127.0.0.1\n");
            gw.movedTo(second);
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(20));
            try (java.net.Socket old = new java.net.Socket()) {
                old.connect(new java.net.InetSocketAddress("127.0.0.1", first), 2000);
                throw new AssertionError("HTTP still listens on the old port " + first);
            } catch (java.io.IOException refused) {
                // moved
            }
            // the SRT ingest comes back on the new port number once it has followed (404/503 while it restarts)
            gw.await("/check", r -> r.statusCode() == 200, Duration.ofSeconds(20));
            asking.stopAndCheck();
            streamOverSrt(gw, second);
        }
    }

    /**
     * Asks {@code POST /reserve} with a body the resource refuses (so nothing is reserved), on the old port and then
     * the new one, as fast as the answers come, until stopped; every answer must be one the API documents.
     */
    private static final class Asking {
        private final java.util.concurrent.ConcurrentHashMap<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean stop;
        private final Thread thread;

        Asking(GatewayProcess gw, int newPort) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            thread = Thread.ofVirtual().start(() -> {
                while (!stop) {
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gw.uri("/reserve"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                        String type = r.headers().firstValue("Content-Type").orElse("");
                        boolean documented = switch (r.statusCode()) {
                            case 400, 404 -> true;
                            case 503 -> type.equals("application/problem+json") && r.headers().firstValue("Retry-After").isPresent();
                            default -> false;
                        };
                        if (!documented) wrong.add(r.statusCode() + " " + type + " " + r.headers().firstValue("Retry-After").orElse("") + ": " + r.body());
                    } catch (java.io.IOException moving) {
                        // the old port closed, the new one not yet open
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stopAndCheck() throws InterruptedException {
            stop = true;
            thread.join(15_000);
            System.out.println("POST /reserve during the move of the HTTP port: " + statuses);
            assertTrue(wrong.isEmpty(), "answers the API does not document during the move: " + wrong);
        }
    }

    @Test
    void aSigtermEndsLiveStreamsWithTheirReasonAndIsLoggedStepByStep() throws Exception {
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            List<JsonNode> frames = gw.events();
            JsonNode reservation = reserve(gw);
            Process caller = srtCaller(reservation.path("credentials").path("token").asText(), reservation.path("port").asInt(), 60);
            try {
                JsonNode opened = GatewayProcess.awaitEvent(frames, "stream-opened", Duration.ofSeconds(20));
                String stream = opened.path("data").path("id").asText();
                gw.await("/streams/" + stream, r -> r.body().contains("\"live\""), Duration.ofSeconds(10));

                int exit = gw.stop();
                assertEquals(0, exit, "a stop on SIGTERM that completes is a clean exit");
                JsonNode ended = GatewayProcess.awaitEvent(frames, "stream-ended", Duration.ofSeconds(1));
                assertEquals("gateway shutting down", ended.path("data").path("reason").asText(), ended.toString());
                assertEquals(stream, ended.path("data").path("id").asText());
            } finally {
                caller.destroyForcibly();
            }
            String log = Files.readString(home.resolve("logs/gateway.log"));
            int at = 0;
            for (String step : List.of("SIGTERM received: stopping the gateway", "Ended 1 live stream(s)", "Stopping plugins",
                    "Plugin gateway.srt stopped", "Closing HTTP", "HTTP closed", "Gateway stopped in")) {
                int next = log.indexOf(step, at);
                assertTrue(next >= 0, "'" + step + "' after the previous step in the log:\n" + log.substring(Math.max(0, at - 2000)));
                at = next;
            }
            assertTrue(log.matches("(?s).*Stream \\S+ ended: gateway shutting down.*"), "the stream's end and reason are logged");
            // the SRT session sees its stream ended by the gateway: it closes quietly, no error and no stack trace
            assertTrue(log.contains("stream ended by the gateway: gateway shutting down"), "the SRT session's end is logged:\n" + log);
            assertFalse(log.lines().anyMatch(l -> l.contains(" ERROR ")), "no error while stopping:\n" + log);
            // the OSGi runtime's own messages (a component whose deactivation failed) go to the console
            String console = gw.console();
            assertFalse(console.lines().anyMatch(l -> l.startsWith("ERROR")), "no error on the console while stopping:\n" + console);
        }
    }

    @Test
    void aThreadThatDiesOfAnUncaughtExceptionIsLoggedAndTheGatewayGoesOn() throws Exception {
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            Path staged = home.resolve("dying.jar.part");
            writeDyingPlugin(staged);
            Files.move(staged, home.resolve("deploy/dying.jar"), StandardCopyOption.ATOMIC_MOVE);
            String line = "Thread '" + DyingThreadActivator.THREAD + "' died of an uncaught exception: java.lang.IllegalStateException: "
                    + DyingThreadActivator.MESSAGE;
            gw.awaitLog(line, Duration.ofSeconds(15));
            assertTrue(Files.readString(home.resolve("logs/gateway.log")).contains(line), "in the gateway's log file, not only on stderr");
            assertTrue(Files.readString(home.resolve("logs/gateway.log")).contains("at gateway.itest.e2e.DyingThreadActivator"),
                    "with the stack trace");
            assertEquals(204, gw.get("/ping").statusCode(), "the gateway goes on");
        }
    }

    /** A bundle holding only {@link DyingThreadActivator}. */
    private static void writeDyingPlugin(Path jar) throws Exception {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        java.util.jar.Attributes a = m.getMainAttributes();
        a.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "itest.dying");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", DyingThreadActivator.class.getName());
        a.putValue("Import-Package", "org.osgi.framework");
        String entry = DyingThreadActivator.class.getName().replace('.', '/') + ".class";
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m);
                InputStream in = DyingThreadActivator.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
    }

    @Test
    void refusesABadCommandLineWithUsage() throws Exception {
        Process p = new ProcessBuilder(DIST.resolve("bin/gateway").toString(), "--port", "not-a-port")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor());
        assertTrue(out.contains("port is not a number"), out);
        assertTrue(out.contains("Usage:"), out);
    }

    @Test
    void gatewayJavaOptsComeAfterTheLaunchersDefaultsAndACollectorNamedThereReplacesTheDefaultOne() throws Exception {
        // a "java" that reports a version and otherwise prints the options it was started with, one per line
        Path fakeJava = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(fakeJava, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo 'openjdk version "25.0.3" 2026-04-21 LTS' >&2; exit 0; fi
                for a in "$@"; do echo "$a"; done
                """);
        assertTrue(fakeJava.toFile().setExecutable(true));
        Process nproc = new ProcessBuilder("nproc").start(); // what the launcher counts the cores with
        int carriers = 2 * Integer.parseInt(new String(nproc.getInputStream().readAllBytes()).trim());
        nproc.waitFor();
        List<String> defaults = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms16m",
                "-Djdk.virtualThreadScheduler.parallelism=" + carriers);

        List<String> none = launcherJvmOptions(null);
        assertEquals(defaults, none.subList(0, 4), "the defaults come first: " + none);

        List<String> added = launcherJvmOptions("-Xms64m -Dgateway.example=1");
        assertEquals(defaults, added.subList(0, 4), "options of GATEWAY_JAVA_OPTS keep the other defaults: " + added);
        assertEquals(List.of("-Xms64m", "-Dgateway.example=1"), added.subList(4, 6), "and come after them: " + added);

        List<String> collector = launcherJvmOptions("-XX:+UseZGC");
        assertFalse(collector.contains("-XX:+UseSerialGC"), "a collector named replaces the default one: " + collector);
        assertEquals(List.of("-Xss512k", "-Xms16m", "-Djdk.virtualThreadScheduler.parallelism=" + carriers, "-XX:+UseZGC"),
                collector.subList(0, 4), collector.toString());

        List<String> notACollector = launcherJvmOptions("-XX:+UseGCOverheadLimit");
        assertEquals("-XX:+UseSerialGC", notACollector.get(0), "a flag that only starts like a collector's: " + notACollector);
    }

    /** The options bin/gateway passes to the fake JVM of {@code tmp/jdk}, up to the jar. */
    private List<String> launcherJvmOptions(String gatewayJavaOpts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/gateway").toString(), "--port", "1").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        if (gatewayJavaOpts == null) pb.environment().remove("GATEWAY_JAVA_OPTS");
        else pb.environment().put("GATEWAY_JAVA_OPTS", gatewayJavaOpts);
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.waitFor(), lines.toString());
        int jar = lines.indexOf("-jar");
        assertTrue(jar > 0, "the launcher starts a jar: " + lines);
        return lines.subList(0, jar);
    }
}
