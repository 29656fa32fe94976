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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rooms' API on the real executable, driven by code nobody here wrote: LiveKit's {@code livekit-server-sdk}
 * (npm) with its RoomServiceClient, AccessToken and TokenVerifier against the Twirp layer and {@code /token}, and
 * Node's fetch through the tutorial's REST endpoints (test resources rooms/*.mjs, which assert each answer).
 */
class RoomsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target/livekit-sdk").toAbsolutePath();
    static final String TOKEN = "rooms-management-token";
    static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    private static final String KEY = "APIroomsTestKey";
    private static final String SECRET = "a-test-secret-of-forty-three-characters-xyz";

    @TempDir
    Path tmp;

    /** livekit-server-sdk from npm, installed once per build into target/livekit-sdk; the scripts are copied next to it. */
    static Path script(String name) throws Exception {
        Files.createDirectories(WORK);
        if (!Files.isDirectory(WORK.resolve("node_modules/livekit-server-sdk"))) {
            Files.writeString(WORK.resolve("package.json"), "{\"name\": \"rooms-check\", \"private\": true, \"type\": \"module\"}\n");
            Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "livekit-server-sdk@2.19.2")
                    .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(WORK.resolve("npm.log").toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
            assertEquals(0, p.exitValue(), "npm install livekit-server-sdk\n" + Files.readString(WORK.resolve("npm.log")));
        }
        Path script = WORK.resolve(name);
        try (var in = RoomsApiTest.class.getResourceAsStream("/rooms/" + name)) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /** Runs a script to its end; its checks are node:assert, its last output line the JSON of what it saw. */
    JsonNode node(String name, String... args) throws Exception {
        return node(tmp, name, args);
    }

    /** {@link #node(String, String...)} with its output in {@code tmp}. */
    JsonNode node(Path tmp, String name, String... args) throws Exception {
        Path script = script(name);
        String[] cmd = Stream.concat(Stream.of("node", script.toString()), Stream.of(args)).toArray(String[]::new);
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not finish within 120 s: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), name + " failed:\n" + Files.readString(err) + Files.readString(out));
        var lines = Files.readAllLines(out);
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    static GatewayProcess gateway(Path home, String keys) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.http.cfg"), "managementToken = " + TOKEN + "\n");
        if (keys != null) Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), keys);
        GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1");
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
        rooms(gw, r -> r.statusCode() == 200);
        return gw;
    }

    /** Polls {@code GET /rooms} (with the management token) until it answers as expected: the plugin is serving. */
    static HttpResponse<String> rooms(GatewayProcess gw, java.util.function.Predicate<HttpResponse<String>> until) throws Exception {
        return rooms(gw, "/rooms", until);
    }

    static HttpResponse<String> rooms(GatewayProcess gw, String path, java.util.function.Predicate<HttpResponse<String>> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            if (!gw.isAlive()) throw new AssertionError("the gateway exited:\n" + gw.console());
            try {
                last = gw.get(path, AUTH);
                if (until.test(last)) return last;
            } catch (java.io.IOException notListening) {
                // starting
            }
            Thread.sleep(100); // polling an HTTP answer, not synchronising threads
        }
        throw new AssertionError(path + " did not answer as expected within 30 s; last: " + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
    }

    private static String origin(GatewayProcess gw) {
        return "http://127.0.0.1:" + gw.port;
    }

    @Test
    void livekitServerSdkManagesRoomsThroughTwirpAndVerifiesTheGatewaysTokens() throws Exception {
        try (GatewayProcess gw = gateway(tmp.resolve("home"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n")) {
            JsonNode seen = node("livekit_sdk.mjs", origin(gw), KEY, SECRET);
            System.out.printf("livekit-server-sdk: CreateRoom %.1f ms; wrong secret -> %s; expired -> %s; other room -> %s%n",
                    seen.path("createMs").asDouble(), seen.path("wrongSecret").path("code").asText(),
                    seen.path("expired").path("body").path("code").asText(), seen.path("otherRoomAdmin").path("body").path("code").asText());
            assertEquals("Participant1", seen.path("gatewayTokenClaims").path("sub").asText());
            assertFalse(gw.console().contains(SECRET), "the secret is never logged");
        }
    }

    @Test
    void theTutorialsRoomEndpointsAnswerWithTheirBodiesErrorsAndNotFounds() throws Exception {
        try (GatewayProcess gw = gateway(tmp.resolve("home"), null)) {
            JsonNode seen = node("tutorial_rest.mjs", origin(gw), TOKEN);
            assertTrue(seen.path("room").path("sid").asText().startsWith("RM_"), seen.toString());
        }
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceOwnerOnlyAndNeverLogged() throws Exception {
        Path home = tmp.resolve("home");
        Path file = home.resolve("data/rooms/api-key.properties");
        Properties keys = new Properties();
        GatewayProcess gw = gateway(home, null);
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            try (var in = Files.newInputStream(file)) {
                keys.load(in);
            }
            String secret = keys.getProperty("apiSecret");
            assertTrue(secret.length() >= 32, "a long random secret");
            node("livekit_sdk.mjs", origin(gw), keys.getProperty("apiKey"), secret);
            gw.stop();
            try (GatewayProcess again = gw.restart()) {
                rooms(again, r -> r.statusCode() == 200);
                Properties after = new Properties();
                try (var in = Files.newInputStream(file)) {
                    after.load(in);
                }
                assertEquals(keys, after, "the generated key and secret are kept");
                String logs = again.console();
                try (Stream<Path> files = Files.walk(home)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) logs += Files.readString(f);
                }
                assertTrue(logs.contains(keys.getProperty("apiKey")), "the key is logged, to find it");
                assertFalse(logs.contains(secret), "the secret is not");
            }
        } finally {
            gw.close();
        }
    }

    @Test
    void roomsSurviveAnUpdateOfTheRestPluginAndLiveInTheRoomsBundle() throws Exception {
        try (GatewayProcess gw = gateway(tmp.resolve("home"), null)) {
            HttpResponse<String> created = gw.send(HttpRequest.newBuilder(gw.uri("/rooms")).header(AUTH[0], AUTH[1])
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"roomName\": \"kept\"}")).build());
            assertEquals(201, created.statusCode(), created.body());
            String sid = JSON.readTree(created.body()).path("room").path("sid").asText();

            Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
            Path jar;
            try (Stream<Path> jars = Files.list(dist.resolve("bundles"))) {
                jar = jars.filter(p -> p.getFileName().toString().startsWith("gateway.rooms.rest-")).findFirst().orElseThrow();
            }
            long before = System.nanoTime();
            HttpResponse<String> updated = gw.send(HttpRequest.newBuilder(gw.uri("/plugins/gateway.rooms.rest")).header(AUTH[0], AUTH[1])
                    .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofFile(jar)).build());
            assertEquals(200, updated.statusCode(), updated.body());
            HttpResponse<String> listed = rooms(gw, "/rooms?roomName=kept", r -> r.statusCode() == 200 && r.body().contains("RM_"));
            System.out.printf("gateway.rooms.rest updated; /rooms answered again after %d ms%n", (System.nanoTime() - before) / 1_000_000);
            assertEquals(sid, JSON.readTree(listed.body()).path("rooms").path(0).path("sid").asText(), "the same room, same sid: " + listed.body());

            // the state is the rooms bundle's: restarting that one closes the rooms
            HttpResponse<String> restarted = gw.send(HttpRequest.newBuilder(gw.uri("/plugins/gateway.rooms/restart")).header(AUTH[0], AUTH[1])
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, restarted.statusCode(), restarted.body());
            HttpResponse<String> empty = rooms(gw, r -> r.statusCode() == 200 && !r.body().contains("kept"));
            assertEquals("{\"rooms\":[]}", empty.body());
        }
    }

    @Test
    void roomEventsReachSseAndWebhookReceiversThatLiveKitsWebhookReceiverVerifies() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.webhooks.cfg"), "urls = http://127.0.0.1:" + port + "/livekit/webhook\n");
        try (GatewayProcess gw = gateway(home, "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            JsonNode seen = node("livekit_webhooks.mjs", origin(gw), KEY, SECRET, String.valueOf(port));
            assertEquals("[\"room_started\",\"room_finished\"]", seen.path("events").toString());
            JsonNode started = WhipPeers.awaitEvent(events, "room_started", Duration.ofSeconds(10));
            assertEquals("hooks", started.path("data").path("room").path("name").asText(), started.toString());
            WhipPeers.awaitEvent(events, "room_finished", Duration.ofSeconds(10));
        }
    }

    @Test
    void tokenMintingCanBeClosedToTheManagementToken() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.rest.cfg"), "publicToken = false\n");
        try (GatewayProcess gw = gateway(home, null)) {
            HttpRequest.Builder token = HttpRequest.newBuilder(gw.uri("/token")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"roomName\": \"r\", \"participantName\": \"p\"}"));
            HttpResponse<String> open = gw.send(token.build());
            assertEquals(401, open.statusCode(), open.body());
            HttpResponse<String> managed = gw.send(token.header(AUTH[0], AUTH[1]).build());
            assertEquals(200, managed.statusCode(), managed.body());
            assertTrue(JSON.readTree(managed.body()).path("token").asText().startsWith("eyJ"));
        }
    }
}
