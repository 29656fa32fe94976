package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
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


    private static List<String> types(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("type").asText()).filter(t -> !t.startsWith("stats-") && !t.startsWith("recording-")).toList();
    }

    /** Polls until the condition holds; fails with what it saw otherwise. */
    private static void await(String what, java.util.function.BooleanSupplier condition, Duration within, java.util.function.Supplier<?> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + ": " + seen.get());
            Thread.sleep(20);
        }
    }

    /** Waits for a line in the gateway's console log (the ingest logs its settings each time it (re)starts). */
    private static void awaitLog(GatewayProcess gw, String text) throws InterruptedException {
        await("'" + text + "' in the log", () -> gw.console().contains(text), Duration.ofSeconds(15), gw::console);
    }

    /**
     * Waits until the ingest runs with the settings of etc/gateway.srt.cfg: its log line says so, and
     * its REST resource (restarted with it) answers again.
     */
    private static void awaitIngestSettings(GatewayProcess gw, String settings) throws Exception {
        awaitLog(gw, settings);
        gw.await("/check", r -> r.statusCode() == 200, Duration.ofSeconds(10));
    }

    @Test
    void reserveStreamAndEndWithTheDocumentsFfmpegSender() throws Exception {
        requireFfmpeg();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            List<JsonNode> frames = gw.events();
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

            await("six events", () -> types(frames).size() >= 6, Duration.ofSeconds(5), () -> types(frames));
            assertEquals(List.of("availability-changed", "srt-connected", "stream-opened", "stream-ended",
                    "srt-disconnected", "availability-changed"), types(frames));
            assertEquals(event, frames.get(0).path("data").path("availability").path("event").asText());
            JsonNode lastAvailability = frames.stream().filter(f -> f.path("type").asText().equals("availability-changed"))
                    .reduce((a, b) -> b).orElseThrow();
            assertTrue(lastAvailability.path("data").path("availability").path("event").isNull());
        }
    }

    private static Process ffmpegAsync(String token, int port, int seconds, String codec) throws Exception {
        return new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                "-i", "sine=frequency=440:duration=" + seconds, "-c", codec, "-page_duration", "20000",
                "-f", "ogg", "-passphrase", token, "srt://127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String reserve(GatewayProcess gw, String event) throws Exception {
        HttpResponse<String> r = post(gw, "/reserve", "{\"event\": \"" + event + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("credentials").path("token").asText();
    }

    /** Hot swap: the statistics plugin is updated through deploy/ while a caller streams. */
    @Test
    void aPluginUpdateWhileStreamingKeepsTheSrtConnectionAndReattachesTheHandler() throws Exception {
        requireFfmpeg();
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            Path plugin = home.resolve("deploy/stats.jar");
            Files.copy(Path.of(System.getProperty("stats.bundle")), plugin);
            gw.await("/stats", r -> r.statusCode() == 200, Duration.ofSeconds(10));
            Process sender = ffmpegAsync(reserve(gw, UUID.randomUUID().toString()), gw.port, 8, "libopus");
            JsonNode stream = JSON.readTree(gw.await("/streams", r -> r.body().contains("\"origin\":\"srt\""), Duration.ofSeconds(10)).body()).get(0);
            String id = stream.path("id").asText();
            gw.await("/stats/" + id, r -> r.statusCode() == 200, Duration.ofSeconds(5));

            // update: a new file in place of the old one
            Path staged = home.resolve("stats.jar.part");
            Files.copy(Path.of(System.getProperty("stats.bundle")), staged);
            Files.setLastModifiedTime(staged, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
            Files.move(staged, plugin, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long t0 = System.nanoTime();
            // the updated handler starts counting afresh on the same stream
            gw.await("/stats/" + id, r -> r.statusCode() == 200 && packets(r) > 0 && packets(r) < 150, Duration.ofSeconds(10));
            long reattachMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(reattachMs < 5_000, "re-attached in " + reattachMs + " ms");
            assertEquals("live", JSON.readTree(gw.get("/streams/" + id).body()).path("state").asText(), "the stream survived");

            assertTrue(sender.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, sender.exitValue(), "the SRT connection survived the update");
            JsonNode ended = JSON.readTree(gw.await("/streams/" + id, r -> r.body().contains("\"ended\""), Duration.ofSeconds(10)).body());
            assertTrue(ended.path("packets").asLong() >= 395, "8 s of audio arrived: " + ended.path("packets"));
        }
    }

    private static long packets(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).path("packets").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    void srtLiveTransmitPushingAnOggOpusFileBecomesALiveStream() throws Exception {
        requireFfmpeg();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/srt-live-transmit")) || System.getenv("CI") != null, "srt-live-transmit not installed");
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            String event = UUID.randomUUID().toString();
            String token = reserve(gw, event);
            Path ogg = tmp.resolve("show.ogg");
            Process enc = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=660:duration=3",
                    "-c:a", "libopus", "-page_duration", "20000", "-metadata", "title=From a file", ogg.toString()).start();
            assertEquals(0, enc.waitFor());
            // paced from the file by ffmpeg (-re, stream copy), relayed by srt-live-transmit with the stream id
            Process p = new ProcessBuilder("bash", "-c", "ffmpeg -hide_banner -loglevel error -re -i " + ogg
                    + " -c copy -page_duration 20000 -f ogg - | srt-live-transmit file://con 'srt://127.0.0.1:" + gw.port
                    + "?passphrase=" + token + "&streamid=" + event + "'").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                JsonNode stream = JSON.readTree(gw.await("/streams", r -> r.body().contains("From a file"), Duration.ofSeconds(10)).body()).get(0);
                assertEquals(event, stream.path("metadata").path("event").asText());
                assertEquals(event, stream.path("metadata").path("srt.streamId").asText());
                gw.await("/streams/" + stream.path("id").asText(), r -> packets(r) >= 140, Duration.ofSeconds(10));
            } finally {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
    }

    @Test
    void vorbisEndsOnlyThatStreamWithAClearReasonAndTheGateFrees() throws Exception {
        requireFfmpeg();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            List<JsonNode> frames = gw.events();
            Process vorbis = ffmpegAsync(reserve(gw, UUID.randomUUID().toString()), gw.port, 2, "libvorbis");
            vorbis.waitFor(20, TimeUnit.SECONDS);
            gw.await("/check", r -> r.body().contains("\"event\":null"), Duration.ofSeconds(10));
            JsonNode gone = frames.stream().filter(f -> f.path("type").asText().equals("srt-disconnected")).findFirst().orElseThrow();
            assertTrue(gone.path("data").path("reason").asText().contains("Vorbis"), gone.toString());
            // the listener still serves the next caller
            String token = reserve(gw, UUID.randomUUID().toString());
            assertEquals(0, ffmpeg(token, gw.port, 1));
        }
    }

    @Test
    void withMoreSlotsSeveralStreamsAreLiveAndCheckKeepsItsShape() throws Exception {
        requireFfmpeg();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.srt.cfg"), "maxStreams = 2\n");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            awaitIngestSettings(gw, "(2 stream(s) at once");
            String a = UUID.randomUUID().toString();
            String b = UUID.randomUUID().toString();
            Process pa = ffmpegAsync(reserve(gw, a), gw.port, 4, "libopus");
            Process pb = ffmpegAsync(reserve(gw, b), gw.port, 4, "libopus");
            assertEquals(409, post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\"}").statusCode());
            HttpResponse<String> streams = gw.await("/streams", r -> r.body().contains(a) && r.body().contains(b), Duration.ofSeconds(10));
            assertEquals(2, JSON.readTree(streams.body()).size());
            JsonNode check = JSON.readTree(gw.get("/check").body());
            assertTrue(check.path("event").asText().equals(a) || check.path("event").asText().equals(b));
            assertEquals(2, check.size(), "the documented shape: event and checkedAt");
            assertTrue(pa.waitFor(30, TimeUnit.SECONDS) && pb.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, pa.exitValue());
            assertEquals(0, pb.exitValue());
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
            awaitIngestSettings(gw, "reservations lapse after 1 s");
            HttpResponse<String> reserved = post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\"}");
            assertEquals(201, reserved.statusCode());
            String token = JSON.readTree(reserved.body()).path("credentials").path("token").asText();
            gw.await("/check", r -> r.body().contains("\"event\":null"), Duration.ofSeconds(5));
            assertNotEquals(0, ffmpeg(token, gw.port, 1), "the lapsed token is refused");
            assertEquals(201, post(gw, "/reserve", "{\"event\": \"" + UUID.randomUUID() + "\"}").statusCode(), "the gate is free again");
        }
    }

    /**
     * Callers refused for their passphrase or stream id are logged with their address and the reason,
     * counted (the line gives the count), and the log holds neither the token nor the passphrase tried.
     * ffmpeg gives up after one refusal; srt-live-transmit retries several times a second.
     */
    @Test
    void refusedCallersAreLoggedWithTheirReasonAndNoSecret() throws Exception {
        requireFfmpeg();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            String event = UUID.randomUUID().toString();
            String token = reserve(gw, event);
            String wrong = "0123456789abcdef0123456789abcdef";
            assertNotEquals(0, ffmpeg(wrong, gw.port, 1), "a wrong passphrase is refused");
            awaitLog(gw, "refused (wrong_passphrase): its passphrase is not the token of a waiting reservation (no stream id); "
                    + "1 such refusal(s) so far");

            String otherEvent = UUID.randomUUID().toString();
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=duration=1",
                    "-c:a", "libopus", "-f", "ogg", "srt://127.0.0.1:" + gw.port + "?passphrase=" + token + "&streamid=" + otherEvent)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertNotEquals(0, p.exitValue(), "the right token with another event's id is refused");
            awaitLog(gw, "refused (unknown_stream_id): its stream id is not the event id of a waiting reservation (stream id "
                    + otherEvent + "); 1 such refusal(s) so far");

            if (Files.isExecutable(Path.of("/usr/bin/srt-live-transmit")) || System.getenv("CI") != null) {
                // no passphrase at all, from a caller that retries until stopped
                Process slt = new ProcessBuilder("bash", "-c", "ffmpeg -hide_banner -loglevel error -re -f lavfi -i sine -c:a libopus "
                        + "-page_duration 20000 -f ogg - | timeout 3 srt-live-transmit file://con 'srt://127.0.0.1:" + gw.port
                        + "?streamid=" + event + "'").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    awaitLog(gw, "refused (missing_passphrase): it sent no passphrase (the reservation's token) (stream id " + event + ")");
                } finally {
                    slt.descendants().forEach(ProcessHandle::destroy);
                    slt.destroy();
                    slt.waitFor(10, TimeUnit.SECONDS);
                }
            }

            String console = gw.console();
            List<String> refusals = console.lines().filter(l -> l.contains(" refused (")).toList();
            assertTrue(refusals.stream().allMatch(l -> l.contains("SRT caller /127.0.0.1:")), "each line names the caller: " + refusals);
            assertTrue(refusals.stream().filter(l -> l.contains("(wrong_passphrase)")).allMatch(l -> l.contains(" WARN ")), refusals.toString());
            assertTrue(refusals.stream().filter(l -> l.contains("missing_passphrase")).count() <= 5,
                    "a retrying caller is logged at most once a second: " + refusals);
            assertFalse(console.contains(token), "the token is not logged");
            assertFalse(console.contains(wrong), "nor the passphrase tried");
            assertEquals(event, JSON.readTree(gw.get("/check").body()).path("event").asText(), "the reservation still waits");
        }
    }
}
