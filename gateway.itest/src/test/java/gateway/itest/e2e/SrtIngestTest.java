package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SRT ingest of the real executable, driven as the reference document's clients drive it. */
class SrtIngestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static void requireFfmpeg() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("ffmpeg is required in CI");
        assumeTrue(present, "ffmpeg not installed");
    }

    private static HttpResponse<String> post(GatewayProcess gw, String path, String body) throws Exception {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build());
    }

    /** The document's ffmpeg sender, verbatim apart from a finite tone and 20 ms pages. */
    private static int ffmpeg(String token, int port, int seconds) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=" + seconds, "-c", "libopus", "-page_duration", "20000",
                "-metadata", "title=Morning show", "-f", "ogg", "-passphrase", token, "srt://127.0.0.1:" + port)
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish");
        }
        return p.exitValue();
    }

    /** Collects the JSON frames of /sse. */
    private static List<JsonNode> listen(GatewayProcess gw) throws Exception {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        HttpResponse<java.io.InputStream> sse = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(gw.uri("/sse")).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sse.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("data:")) frames.add(JSON.readTree(line.substring(5).trim()));
                }
            } catch (Exception ignored) {
                // gateway stopped
            }
        });
        Thread.sleep(300);
        return frames;
    }

    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("type").asText()).filter(t -> !t.startsWith("stats-")).toList();
    }

    @Test
    void reserveStreamAndEndWithTheDocumentsFfmpegSender() throws Exception {
        requireFfmpeg();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            List<JsonNode> frames = listen(gw);
            JsonNode check = JSON.readTree(gw.get("/check").body());
            assertTrue(check.has("event") && check.path("event").isNull());
            assertTrue(check.path("checkedAt").asText().endsWith("Z"));

            String event = UUID.randomUUID().toString();
            HttpResponse<String> reserved = post(gw, "/reserve", "{\"event\": \"" + event + "\", \"record\": true}");
            assertEquals(201, reserved.statusCode(), reserved.body());
            JsonNode body = JSON.readTree(reserved.body());
            String token = body.path("credentials").path("token").asText();
            assertTrue(token.matches("[0-9a-f]{32}"), token);
            assertTrue(body.path("credentials").path("expiresAt").asText().endsWith("Z"));
            assertEquals(gw.port, body.path("port").asInt(), "SRT on the HTTP port number by default");
            assertEquals(event, JSON.readTree(gw.get("/check").body()).path("event").asText());

            HttpResponse<String> busy = post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\"}");
            assertEquals(409, busy.statusCode());

            assertNotEquals(0, ffmpeg("ffffffffffffffffffffffffffffffff", body.path("port").asInt(), 1), "a wrong passphrase is refused");
            assertEquals(event, JSON.readTree(gw.get("/check").body()).path("event").asText(), "and changes nothing");

            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    assertEquals(0, ffmpeg(token, body.path("port").asInt(), 4));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            HttpResponse<String> live = gw.await("/streams", r -> r.body().contains("\"origin\":\"srt\""), Duration.ofSeconds(10));
            JsonNode stream = JSON.readTree(live.body()).get(0);
            assertEquals("Morning show", stream.path("metadata").path("title").asText());
            assertEquals(event, stream.path("metadata").path("event").asText());
            assertEquals("true", stream.path("metadata").path("record").asText());
            assertEquals("opus", stream.path("format").path("codec").asText());
            sender.join(30_000);

            JsonNode ended = JSON.readTree(gw.await("/streams/" + stream.path("id").asText(),
                    r -> r.body().contains("\"ended\""), Duration.ofSeconds(10)).body());
            long packets = ended.path("packets").asLong();
            assertTrue(packets >= 195, "4 s of 20 ms packets arrived: " + packets);
            assertTrue(ended.path("reason").asText().contains("disconnected"), ended.toString());
            gw.await("/check", r -> r.body().contains("\"event\":null"), Duration.ofSeconds(5));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (types(frames).size() < 6 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(List.of("availability-changed", "srt-connected", "stream-opened", "stream-ended",
                    "srt-disconnected", "availability-changed"), types(frames));
            assertEquals(event, frames.get(0).path("data").path("availability").path("event").asText());
            assertTrue(frames.get(frames.size() - 1).path("data").path("availability").path("event").isNull());
        }
    }

    @Test
    void badRequestsGetTheDocumentedRefusals() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            assertEquals(400, post(gw, "/reserve", "{not json").statusCode());
            assertEquals(400, post(gw, "/reserve", "{}").statusCode());
            assertEquals(400, post(gw, "/reserve", "{\"event\": \"not-a-uuid\"}").statusCode());
            HttpResponse<String> format = post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\", \"format\": \"mp3\"}");
            assertEquals(400, format.statusCode());
            assertTrue(format.body().contains("mp3"));
            assertTrue(JSON.readTree(gw.get("/check").body()).path("event").isNull(), "nothing was reserved");
        }
    }

    @Test
    void anUnusedReservationLapsesAndItsTokenNoLongerWorks() throws Exception {
        requireFfmpeg();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.srt.cfg"), "reservationTimeoutSeconds = 1\n");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            gw.await("/plugins/gateway.srt", r -> r.body().contains("\"active\""), Duration.ofSeconds(10));
            Thread.sleep(1000); // the configuration file is applied
            HttpResponse<String> reserved = post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\"}");
            assertEquals(201, reserved.statusCode());
            String token = JSON.readTree(reserved.body()).path("credentials").path("token").asText();
            gw.await("/check", r -> r.body().contains("\"event\":null"), Duration.ofSeconds(5));
            assertNotEquals(0, ffmpeg(token, gw.port, 1), "the lapsed token is refused");
            assertEquals(201, post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\"}").statusCode(), "the gate is free again");
        }
    }
}
