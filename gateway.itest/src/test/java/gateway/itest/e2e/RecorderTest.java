package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder of the real executable: streams sent over SRT by ffmpeg, recordings checked by ffprobe,
 * an ffmpeg decode with a tone detector, opusinfo, and packet-by-packet against what was sent.
 */
class RecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long an event may trail the state it reports (events travel on their own queue). */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path shared;
    static Path tone5;
    static Path tone30;

    @TempDir
    Path tmp;

    @BeforeAll
    static void tones() throws Exception {
        for (String tool : List.of("/usr/bin/ffmpeg", "/usr/bin/opusinfo")) {
            boolean present = Files.isExecutable(Path.of(tool));
            if (System.getenv("CI") != null && !present) throw new AssertionError(tool + " is required in CI");
            assumeTrue(present, tool + " not installed");
        }
        tone5 = Audio.tone(shared, 440, 5);
        tone30 = Audio.tone(shared, 660, 30);
    }

    // ---- helpers

    private static GatewayProcess start(Path home, String... config) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        for (int i = 0; i + 1 < config.length; i += 2) Files.writeString(home.resolve("etc").resolve(config[i]), config[i + 1]);
        GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1");
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
        return gw;
    }

    private static HttpResponse<String> post(GatewayProcess gw, String path, String body) throws Exception {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build());
    }

    private static HttpResponse<byte[]> bytes(GatewayProcess gw, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) b.headers(headers);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Reserves the SRT gate; returns the passphrase. */
    private static String reserve(GatewayProcess gw, String event, boolean record) throws Exception {
        HttpResponse<String> r = post(gw, "/reserve", "{\"event\": \"" + event + "\", \"record\": " + record + "}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("credentials").path("token").asText();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static List<JsonNode> recordings(GatewayProcess gw, String query) throws Exception {
        HttpResponse<String> r = gw.get("/recordings" + query);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        json(r).path("recordings").forEach(out::add);
        return out;
    }

    private static JsonNode awaitRecording(GatewayProcess gw, String query, String state, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<JsonNode> last = List.of();
        while (System.nanoTime() < deadline) {
            last = recordings(gw, query);
            for (JsonNode n : last) if (n.path("state").asText().equals(state)) return n;
            Thread.sleep(100);
        }
        throw new AssertionError("no recording in state " + state + " for " + query + ": " + last + "\n" + gw.console());
    }

    /** Waits until the recording holds {@code millis} of audio; returns how much it holds. */
    private static long awaitAudio(GatewayProcess gw, String id, long millis) throws Exception {
        return json(gw.await("/recordings/" + id, r -> r.statusCode() == 200 && durationMillis(r) >= millis, Duration.ofSeconds(20)))
                .path("durationMillis").asLong();
    }

    private static long durationMillis(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body()).path("durationMillis").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Waits until the live stream has received {@code packets} packets; returns its state then. */
    private static JsonNode awaitPackets(GatewayProcess gw, String streamId, long packets) throws Exception {
        return json(gw.await("/streams/" + streamId, r -> {
            try {
                return r.statusCode() == 200 && JSON.readTree(r.body()).path("packets").asLong() >= packets;
            } catch (java.io.IOException e) {
                return false;
            }
        }, Duration.ofSeconds(20)));
    }

    private static Path download(GatewayProcess gw, JsonNode rec, Path dir) throws Exception {
        HttpResponse<byte[]> r = bytes(gw, "/recordings/" + rec.path("id").asText() + "/audio");
        assertEquals(200, r.statusCode());
        assertEquals("audio/ogg", r.headers().firstValue("Content-Type").orElse(""));
        Path f = dir.resolve(rec.path("id").asText() + ".ogg");
        Files.write(f, r.body());
        return f;
    }

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<String> recordingEvents(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("type").asText()).filter(t -> t.startsWith("recording-")).toList();
    }

    private static void awaitExit(Process p, int seconds, GatewayProcess gw) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg did not finish\n" + gw.console());
        }
    }

    // ---- tests

    @Test
    void recordsAReservedStreamUnchangedAndServesItToIndependentReaders() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"))) {
            List<JsonNode> frames = gw.events();
            String event = UUID.randomUUID().toString();
            Process sender = Audio.sendOverSrt(tone5, reserve(gw, event, true), gw.port);
            awaitExit(sender, 30, gw);
            JsonNode rec = awaitRecording(gw, "?event=" + event, "complete", Duration.ofSeconds(10));
            assertTrue(rec.path("reason").asText().startsWith("stream ended"), rec.toString());
            assertEquals("auto", rec.path("mode").asText());
            assertEquals("srt", rec.path("origin").asText());
            long millis = rec.path("durationMillis").asLong();
            assertTrue(millis > 4_000 && millis <= 5_020, "duration " + millis);

            Path file = download(gw, rec, tmp);
            byte[] body = Files.readAllBytes(file);
            assertEquals(rec.path("size").asLong(), body.length);
            assertEquals(rec.path("checksum").asText(), sha256(body));

            // independent readers
            assertEquals("opus", Audio.ffprobeCodec(file));
            assertEquals(millis / 1000.0, Audio.ffprobeSeconds(file), 0.050, "ffprobe duration vs index");
            assertEquals(millis, Audio.opusinfoMillis(file), 50, "opusinfo playback length vs index");
            short[] pcm = Audio.decode(file);
            assertEquals(millis * 48, pcm.length, 48 * 50, "decoded samples");
            assertEquals(440, Audio.dominant(pcm, 220, 330, 440, 550, 660, 880, 1000));
            assertTrue(Audio.power(pcm, 440) > 100 * Audio.power(pcm, 1000), "a clean tone");

            // the Opus packets are the sender's, unchanged and without a gap
            Audio.Opus sent = Audio.packets(tone5);
            Audio.Opus stored = Audio.packets(file);
            assertEquals(rec.path("packets").asLong(), stored.packets().size());
            int at = Audio.indexOf(sent.packets(), stored.packets());
            assertTrue(at >= 0, "the recorded packets are a contiguous run of the sent ones");
            assertEquals(0, at, "recording starts with the stream's first packet");
            assertEquals(sent.head().preSkip(), stored.head().preSkip(), "pre-skip kept");
            assertTrue(stored.tags().comments().contains("title=Tone 440"), stored.tags().comments().toString());

            // range requests
            HttpResponse<byte[]> part = bytes(gw, "/recordings/" + rec.path("id").asText() + "/audio", "Range", "bytes=100-1099");
            assertEquals(206, part.statusCode());
            assertEquals("bytes 100-1099/" + body.length, part.headers().firstValue("Content-Range").orElse(""));
            assertTrue(Arrays.equals(Arrays.copyOfRange(body, 100, 1100), part.body()));
            HttpResponse<byte[]> suffix = bytes(gw, "/recordings/" + rec.path("id").asText() + "/audio", "Range", "bytes=-500");
            assertEquals(206, suffix.statusCode());
            assertTrue(Arrays.equals(Arrays.copyOfRange(body, body.length - 500, body.length), suffix.body()));
            HttpResponse<byte[]> open = bytes(gw, "/recordings/" + rec.path("id").asText() + "/audio", "Range", "bytes=" + (body.length - 10) + "-");
            assertEquals(10, open.body().length);
            HttpResponse<byte[]> beyond = bytes(gw, "/recordings/" + rec.path("id").asText() + "/audio", "Range", "bytes=" + body.length + "-");
            assertEquals(416, beyond.statusCode());
            assertEquals("bytes */" + body.length, beyond.headers().firstValue("Content-Range").orElse(""));

            // list filters and pagination
            assertEquals(1, recordings(gw, "?event=" + event).size());
            assertEquals(0, recordings(gw, "?event=" + UUID.randomUUID()).size());
            assertEquals(1, recordings(gw, "?from=" + Instant.now().minusSeconds(60) + "&to=" + Instant.now()).size());
            assertEquals(0, recordings(gw, "?from=" + Instant.now().plusSeconds(60)).size());
            assertEquals(0, recordings(gw, "?offset=1").size());
            for (String bad : List.of("?limit=0", "?limit=x", "?state=done", "?from=yesterday", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")) {
                HttpResponse<String> r = gw.get("/recordings" + bad);
                assertEquals(400, r.statusCode(), bad);
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), bad);
            }

            // events
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (recordingEvents(frames).size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(List.of("recording-started", "recording-ended"), recordingEvents(frames));

            // delete
            assertEquals(204, gw.send(HttpRequest.newBuilder(gw.uri("/recordings/" + rec.path("id").asText())).DELETE().build()).statusCode());
            assertEquals(404, gw.get("/recordings/" + rec.path("id").asText()).statusCode());
            assertEquals(404, bytes(gw, "/recordings/" + rec.path("id").asText() + "/audio").statusCode());
            try (var files = Files.walk(gw.home.resolve("data/recordings/audio"))) {
                assertEquals(0, files.filter(Files::isRegularFile).count(), "the file is gone too");
            }
        }
    }

    @Test
    void killDashNineLeavesAPlayableFileThatTheNextStartRepairs() throws Exception {
        GatewayProcess gw = start(tmp.resolve("home"));
        String id;
        long progress;
        Instant killedAt;
        Process sender = null;
        try {
            String event = UUID.randomUUID().toString();
            sender = Audio.sendOverSrt(tone30, reserve(gw, event, true), gw.port);
            JsonNode rec = awaitRecording(gw, "?event=" + event, "recording", Duration.ofSeconds(10));
            id = rec.path("id").asText();
            progress = awaitAudio(gw, id, 6_000);
            killedAt = Instant.now();
            gw.kill();
        } finally {
            if (sender != null) sender.destroyForcibly();
            gw.close();
        }
        Path file;
        try (var files = Files.walk(gw.home.resolve("data/recordings/audio"))) {
            file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        // before any repair: what the killed process left is already playable by ffmpeg
        short[] raw = Audio.decode(file);
        assertTrue(raw.length >= (progress - 1_000) * 48, "audio up to within a second of the kill: " + raw.length / 48 + " ms of " + progress);

        try (GatewayProcess again = gw.restart()) {
            again.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            JsonNode fixed = json(again.get("/recordings/" + id));
            assertEquals("interrupted", fixed.path("state").asText(), fixed.toString());
            assertTrue(fixed.path("reason").asText().contains("stopped unexpectedly"), fixed.toString());
            long millis = fixed.path("durationMillis").asLong();
            assertTrue(millis >= progress - 1_000, "kept " + millis + " ms of " + progress + " ms recorded at the kill");
            Instant end = Instant.parse(fixed.path("end").asText());
            assertTrue(Duration.between(end, killedAt).toMillis() < 1_500, "audio ends " + Duration.between(end, killedAt).toMillis() + " ms before the kill");
            byte[] body = bytes(again, "/recordings/" + id + "/audio").body();
            assertEquals(fixed.path("size").asLong(), body.length);
            assertEquals(fixed.path("checksum").asText(), sha256(body));
            Path repaired = tmp.resolve("repaired.ogg");
            Files.write(repaired, body);
            assertEquals(millis, Audio.opusinfoMillis(repaired), 50, "opusinfo reads the repaired file to its end");
            assertEquals(millis / 1000.0, Audio.ffprobeSeconds(repaired), 0.050);
            assertEquals(660, Audio.dominant(Audio.decode(repaired), 440, 550, 660, 880));
            assertEquals(1, recordings(again, "?state=interrupted").size());
            assertEquals(0, recordings(again, "?state=recording").size());
        }
    }

    @Test
    void recordsALiveStreamOnRequestInSeamlessSegmentsUntilStopped() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"), "gateway.recorder.cfg", "record =\nsegmentDuration = 2s\n")) {
            String event = UUID.randomUUID().toString();
            Process sender = Audio.sendOverSrt(tone30, reserve(gw, event, false), gw.port);
            try {
                JsonNode stream = json(gw.await("/streams", r -> r.body().contains("\"live\""), Duration.ofSeconds(10))).get(0);
                String streamId = stream.path("id").asText();
                awaitPackets(gw, streamId, 25); // half a second of audio, whose first packet would have opened a file
                assertEquals(0, recordings(gw, "").size(), "nothing is recorded unless asked");

                assertEquals(400, post(gw, "/recordings", "{}").statusCode());
                assertEquals(400, post(gw, "/recordings", "{not json").statusCode());
                assertEquals(404, post(gw, "/recordings", "{\"stream\": \"no-such-stream\"}").statusCode());
                HttpResponse<String> started = post(gw, "/recordings", "{\"stream\": \"" + streamId + "\"}");
                assertEquals(201, started.statusCode(), started.body());
                String first = json(started).path("id").asText();
                assertTrue(started.headers().firstValue("Location").orElse("").endsWith("/recordings/" + first));
                assertEquals(409, post(gw, "/recordings", "{\"stream\": \"" + streamId + "\"}").statusCode(), "already recording");
                // the segment being written (with 2 s segments the first may already be complete, and deletable)
                String current = recordings(gw, "?state=recording").get(0).path("id").asText();
                assertEquals(409, gw.send(HttpRequest.newBuilder(gw.uri("/recordings/" + current)).DELETE().build()).statusCode(),
                        "a recording in progress is not deleted");

                // three or more segments: the third has begun
                gw.await("/recordings?event=" + event, r -> r.body().contains("\"segment\":2"), Duration.ofSeconds(15));
                HttpResponse<String> stopped = post(gw, "/recordings/" + first + "/stop", "");
                assertEquals(200, stopped.statusCode(), stopped.body());
                assertEquals("stopped by request", json(stopped).path("reason").asText());
                assertEquals(409, post(gw, "/recordings/" + first + "/stop", "").statusCode(), "stopping twice");
                assertEquals(404, post(gw, "/recordings/nope/stop", "").statusCode());
                long packets = json(gw.get("/streams/" + streamId)).path("packets").asLong();
                awaitPackets(gw, streamId, packets + 25);
                assertEquals("live", json(gw.get("/streams/" + streamId)).path("state").asText(), "the stream goes on");
            } finally {
                sender.destroyForcibly();
            }

            List<JsonNode> segments = new ArrayList<>(recordings(gw, "?event=" + event));
            segments.sort((a, b) -> Integer.compare(a.path("segment").asInt(), b.path("segment").asInt()));
            assertTrue(segments.size() >= 3, "5.5 s in 2 s segments aligned to the clock: " + segments.size());
            List<byte[]> all = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < segments.size(); i++) {
                JsonNode s = segments.get(i);
                assertEquals("request", s.path("mode").asText());
                assertEquals(i, s.path("segment").asInt());
                assertEquals(segments.get(0).path("id").asText(), s.path("series").asText());
                assertEquals("complete", s.path("state").asText(), s.toString());
                if (i > 0) {
                    assertEquals(segments.get(i - 1).path("id").asText(), s.path("previous").asText());
                    assertEquals(0, s.path("gapMillis").asLong());
                }
                if (i < segments.size() - 1) assertEquals("segment duration reached", s.path("reason").asText());
                if (i > 0 && i < segments.size() - 1) assertEquals(2_000, s.path("durationMillis").asLong(), 40, "a whole segment");
                Path f = download(gw, s, tmp);
                assertEquals(s.path("durationMillis").asLong(), Audio.opusinfoMillis(f), 50);
                Audio.Opus o = Audio.packets(f);
                assertEquals(s.path("packets").asLong(), o.packets().size());
                if (i > 0) {
                    // RFC 7845 §4.2: a file that starts mid-stream carries 80 ms of pre-roll, skipped by the decoder;
                    // less when less has been recorded (a first segment cut short by the clock-aligned boundary)
                    int preRoll = (int) Math.min(3840, all.size() * 960L);
                    assertEquals(preRoll, o.head().preSkip(), "pre-roll of a continuation");
                    int preRollPackets = preRoll / 960;
                    assertTrue(Arrays.equals(all.get(all.size() - 1), o.packets().get(preRollPackets - 1)),
                            "the pre-roll is the previous file's end");
                    all.addAll(o.packets().subList(preRollPackets, o.packets().size()));
                } else {
                    all.addAll(o.packets());
                }
                total += s.path("durationMillis").asLong();
            }
            assertEquals(total + 312 / 48, all.size() * 20L, 20, "durations add up (the first file skips the encoder delay)");
            assertTrue(Audio.indexOf(Audio.packets(tone30).packets(), all) > 0,
                    "the segments together are one contiguous run of the sent packets: no gap, no overlap");
        }
    }

    @Test
    void aFullDiskFailsTheRecordingButNotTheStream() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"), "gateway.recorder.storage.file.cfg", "quota = 30KB\n")) {
            List<JsonNode> frames = gw.events();
            String event = UUID.randomUUID().toString();
            Process sender = Audio.sendOverSrt(tone30, reserve(gw, event, true), gw.port);
            try {
                JsonNode failed = awaitRecording(gw, "?event=" + event, "failed", Duration.ofSeconds(20));
                assertTrue(failed.path("reason").asText().contains("quota"), failed.toString());
                assertTrue(failed.path("size").asLong() <= 30_000, failed.toString());
                GatewayProcess.awaitEvent(frames, "recording-failed", EVENT_WAIT);
                String streamId = failed.path("stream").asText();
                long before = json(gw.get("/streams/" + streamId)).path("packets").asLong();
                JsonNode stream = awaitPackets(gw, streamId, before + 40); // packets keep flowing
                assertEquals("live", stream.path("state").asText());

                Path file = download(gw, failed, tmp);
                assertEquals(failed.path("durationMillis").asLong(), Audio.opusinfoMillis(file), 50, "what was written stays playable");
            } finally {
                sender.destroyForcibly();
            }
        }
    }

    @Test
    void retentionDeletesTheOldestFinishedRecordingsBeyondTheTotalSize() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"), "gateway.recorder.cfg", "maxTotalSize = 70KB\n")) {
            List<JsonNode> frames = gw.events();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String event = UUID.randomUUID().toString();
                Process sender = Audio.sendOverSrt(tone5, reserve(gw, event, true), gw.port);
                awaitExit(sender, 30, gw);
                ids.add(awaitRecording(gw, "?event=" + event, "complete", Duration.ofSeconds(10)).path("id").asText());
                gw.await("/check", r -> r.body().contains("\"event\":null"), Duration.ofSeconds(10));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (gw.get("/recordings/" + ids.get(0)).statusCode() != 404 && System.nanoTime() < deadline) Thread.sleep(100);
            assertEquals(404, gw.get("/recordings/" + ids.get(0)).statusCode(), "the oldest went");
            assertEquals(200, gw.get("/recordings/" + ids.get(2)).statusCode(), "the newest stays");
            long total = Long.MAX_VALUE;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (total > 70_000 && System.nanoTime() < deadline) { // the pass after the last recording may still run
                total = recordings(gw, "").stream().mapToLong(n -> n.path("size").asLong()).sum();
                Thread.sleep(100);
            }
            assertTrue(total <= 70_000, "total " + total);
            JsonNode deleted = GatewayProcess.awaitEvent(frames, "recording-deleted", EVENT_WAIT);
            assertEquals(ids.get(0), deleted.path("data").path("id").asText());
            assertTrue(deleted.path("data").path("reason").asText().startsWith("retention"));
        }
    }

    @Test
    void retentionDeletesFinishedRecordingsOlderThanTheMaximumAge() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"), "gateway.recorder.cfg", "maxAge = 4s\n")) {
            List<JsonNode> frames = gw.events();
            String event = UUID.randomUUID().toString();
            Process sender = Audio.sendOverSrt(tone5, reserve(gw, event, true), gw.port);
            JsonNode rec = awaitRecording(gw, "?event=" + event, "recording", Duration.ofSeconds(10));
            String id = rec.path("id").asText();
            awaitExit(sender, 30, gw); // ffmpeg closes the connection: the recording ends with the audio
            JsonNode done = json(gw.await("/recordings/" + id, r -> r.body().contains("\"complete\""), Duration.ofSeconds(10)));
            long seenComplete = System.nanoTime();
            gw.await("/recordings/" + id, r -> r.statusCode() == 404, Duration.ofSeconds(15));
            long afterMs = (System.nanoTime() - seenComplete) / 1_000_000;
            System.out.println("[retention] a recording with maxAge 4s deleted " + afterMs + " ms after it was complete");
            assertTrue(afterMs >= 2_000, "kept while younger than 4 s: deleted after " + afterMs + " ms");
            JsonNode deleted = GatewayProcess.awaitEvent(frames, "recording-deleted", EVENT_WAIT);
            assertEquals("retention: older than 4s", deleted.path("data").path("reason").asText());
            assertTrue(done.path("size").asLong() > 0);
            try (var files = Files.walk(gw.home.resolve("data/recordings/audio"))) {
                assertEquals(0, files.filter(Files::isRegularFile).count(), "the file is gone too");
            }
        }
    }

    @Test
    void aBadConfigurationIsReportedNotSilentlyIgnored() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"), "gateway.recorder.cfg", "segmentDuration = ten minutes\n")) {
            HttpResponse<String> r = gw.await("/plugins", x -> x.body().contains("segmentDuration"), Duration.ofSeconds(10));
            assertTrue(r.body().contains("is not a duration"), r.body());
            assertEquals(404, gw.get("/recordings").statusCode(), "no recorder, no endpoint");
        }
    }

    @Test
    void theRecorderUpdatedOrRestartedUnderALiveStreamContinuesInANewFile() throws Exception {
        Path bundles = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).resolve("bundles");
        Path recorderJar;
        Path srtJar;
        try (var jars = Files.list(bundles)) {
            List<Path> all = jars.toList();
            recorderJar = all.stream().filter(p -> p.getFileName().toString().startsWith("gateway.recorder-")).findFirst().orElseThrow();
            srtJar = all.stream().filter(p -> p.getFileName().toString().startsWith("gateway.srt-")).findFirst().orElseThrow();
        }
        try (GatewayProcess gw = start(tmp.resolve("home"))) {
            String event = UUID.randomUUID().toString();
            Process sender = Audio.sendOverSrt(tone30, reserve(gw, event, true), gw.port);
            try {
                JsonNode first = awaitRecording(gw, "?event=" + event, "recording", Duration.ofSeconds(10));
                String streamId = first.path("stream").asText();
                awaitAudio(gw, first.path("id").asText(), 2_000);

                assertEquals(400, put(gw, "/plugins/gateway.recorder", Files.readAllBytes(srtJar)).statusCode(), "another bundle's jar");
                assertEquals(400, put(gw, "/plugins/gateway.recorder", "not a jar".getBytes()).statusCode());
                assertEquals(409, put(gw, "/plugins/gateway.core", Files.readAllBytes(recorderJar)).statusCode(), "the runtime itself");
                assertEquals(404, put(gw, "/plugins/no.such.plugin", Files.readAllBytes(recorderJar)).statusCode());

                JsonNode previous = first;
                for (String action : List.of("update", "restart")) {
                    HttpResponse<String> r = action.equals("update")
                            ? put(gw, "/plugins/gateway.recorder", Files.readAllBytes(recorderJar))
                            : post(gw, "/plugins/gateway.recorder/restart", "");
                    assertEquals(200, r.statusCode(), r.body());
                    assertEquals("active", json(r).path("state").asText().toLowerCase(), r.body());
                    JsonNode next = null;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (next == null && System.nanoTime() < deadline) {
                        for (JsonNode n : recordings(gw, "?event=" + event + "&state=recording")) {
                            if (!n.path("id").asText().equals(previous.path("id").asText()) && n.path("start").isTextual()) next = n;
                        }
                        Thread.sleep(50);
                    }
                    assertTrue(next != null, action + ": recording resumed\n" + gw.console());
                    assertEquals(previous.path("id").asText(), next.path("previous").asText(), action + ": " + next + "\nall: "
                            + recordings(gw, "?event=" + event) + "\n" + gw.console());
                    long gap = next.path("gapMillis").asLong();
                    // measured, not asserted tightly: the figure is printed for the benchmark notes
                    assertTrue(gap >= 0 && gap < 5_000, action + ": gap " + gap + " ms");
                    JsonNode before = json(gw.get("/recordings/" + previous.path("id").asText()));
                    assertEquals("interrupted", before.path("state").asText());
                    assertEquals("recorder stopped", before.path("reason").asText());
                    assertEquals(streamId, next.path("stream").asText(), "the same SRT stream, never dropped");
                    assertEquals("live", json(gw.get("/streams/" + streamId)).path("state").asText());
                    System.out.println("[recorder " + action + " under a live SRT stream] gap " + gap + " ms");
                    previous = next;
                    awaitAudio(gw, next.path("id").asText(), 1_500);
                }
            } finally {
                sender.destroyForcibly();
            }
            List<JsonNode> files = recordings(gw, "?event=" + event);
            assertEquals(3, files.size());
            for (JsonNode f : files) {
                String id = f.path("id").asText();
                JsonNode done = json(gw.await("/recordings/" + id, x -> !x.body().contains("\"state\":\"recording\""), Duration.ofSeconds(10)));
                assertNotEquals("failed", done.path("state").asText(), done.toString());
                Path audio = download(gw, done, tmp);
                assertEquals(done.path("durationMillis").asLong(), Audio.opusinfoMillis(audio), 50);
            }
        }
    }

    private static HttpResponse<String> put(GatewayProcess gw, String path, byte[] body) throws Exception {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", "application/java-archive")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build());
    }
}
