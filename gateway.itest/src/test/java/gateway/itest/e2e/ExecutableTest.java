package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real executable, as an operator runs it: home layout, endpoints, hot deploy, management access. */
class ExecutableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
            assertTrue(Files.isRegularFile(home.resolve("etc/gateway.http.cfg")), "default configuration copied");
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

    @Test
    void refusesABadCommandLineWithUsage() throws Exception {
        Path dist = Path.of(System.getProperty("gateway.dist")).toAbsolutePath();
        Process p = new ProcessBuilder(dist.resolve("bin/gateway").toString(), "--port", "not-a-port")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor());
        assertTrue(out.contains("port is not a number"), out);
        assertTrue(out.contains("Usage:"), out);
    }
}
