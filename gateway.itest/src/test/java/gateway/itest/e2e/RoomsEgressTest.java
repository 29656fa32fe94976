package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms' egress on the real executable with real peers: two aiortc participants publish 440 Hz and 660 Hz over WHIP;
 * livekit-server-sdk's EgressClient starts a track egress, a room-composite recording and a room-composite stream to
 * srt-live-transmit, changes the stream's URL (UpdateStream) and stops them; curl drives the tutorial's
 * {@code /egress} and {@code /egresses} paths. The track's recording holds alice's Opus packets as her encoder made
 * them; the room's recording and both SRT receivers' output, decoded by ffmpeg, hold both tones; webhooks verify with
 * the SDK's WebhookReceiver.
 */
class RoomsEgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "APIegressTestKy";
    private static final String SECRET = "egress-test-secret-of-forty-three-character";
    private static final String[] AUTH = WhepPlaybackTest.AUTH;
    private static final String ROOM = "studio";

    @TempDir
    Path tmp;

    private static String mint(String identity, String room) throws Exception {
        Path script = RoomsApiTest.script("mint.mjs");
        Process p = new ProcessBuilder("node", script.toString(), KEY, SECRET, identity, room, "true")
                .directory(script.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    /** curl on a management path: {status, body}. */
    private static Curl curl(GatewayProcess gw, String method, String path, String body) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-X", method, "-H", AUTH[0] + ": " + AUTH[1], "-w", "\n%{http_code}"));
        if (body != null) cmd.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", body));
        cmd.add(gw.uri(path).toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "curl " + method + " " + path + ": " + out);
        int nl = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, nl));
    }

    private record Curl(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    /** An srt-live-transmit listener writing what it receives to a file; returns once it listens. */
    private static Process srtReceiver(int port, String passphrase, Path out) throws Exception {
        Process p = new ProcessBuilder("srt-live-transmit", "-v", "srt://:" + port + "?mode=listener&passphrase=" + passphrase, "file://con")
                .redirectOutput(out.toFile()).start();
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.contains("listen...")) listening.countDown();
            } catch (java.io.IOException ended) {
                // the process ended
            }
        });
        assertTrue(listening.await(10, TimeUnit.SECONDS), "srt-live-transmit listens on " + port);
        return p;
    }

    /** Polls the recorder's entry of an egress until it has recorded some packets. */
    private static JsonNode awaitRecording(GatewayProcess gw, String egress, long packets) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(gw.get("/recordings?event=" + egress, AUTH).body()).path("recordings");
            if (last.size() == 1 && last.get(0).path("packets").asLong() >= packets) return last.get(0);
            Thread.sleep(100); // polling the recorder's figures
        }
        throw new AssertionError("no recording of " + egress + " with " + packets + " packets within 20 s: " + last);
    }

    private static void awaitSize(Path file, long bytes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(file) || Files.size(file) < bytes) {
            if (System.nanoTime() > deadline) throw new AssertionError(file + " did not reach " + bytes + " bytes: " + (Files.exists(file) ? Files.size(file) : 0));
            Thread.sleep(100); // another process writes the file
        }
    }

    private Path download(GatewayProcess gw, String recording) throws Exception {
        Path file = tmp.resolve(recording + ".ogg");
        HttpResponse<Path> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/recordings/" + recording + "/audio"))
                .header(AUTH[0], AUTH[1]).build(), HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, r.statusCode());
        return file;
    }

    private static void assertBothTones(String what, short[] pcm) {
        double a = Audio.power(pcm, 440), b = Audio.power(pcm, 660), off = Math.max(Audio.power(pcm, 550), Audio.power(pcm, 1000));
        System.out.printf("%s: power at 440 Hz %.0f, 660 Hz %.0f, off-tone %.1f (%d samples)%n", what, a, b, off, pcm.length);
        assertTrue(a > 30 * off && b > 30 * off, what + " holds both tones: 440 " + a + ", 660 " + b + ", off " + off);
    }

    @Test
    void egressRecordsATrackUnchangedMixesTheRoomAndStreamsTheMixToSrt() throws Exception {
        WhipPeers.requireAiortc();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/srt-live-transmit")) || System.getenv("CI") != null,
                "srt-live-transmit not installed");
        Path hooks = tmp.resolve("webhooks.jsonl");
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String line = JSON.createObjectNode().put("body", body).put("authorization", x.getRequestHeaders().getFirst("Authorization")) + "\n";
            synchronized (hooks) {
                Files.writeString(hooks, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        Files.writeString(home.resolve("etc/gateway.rooms.webhooks.cfg"), "urls = http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\n");
        List<Process> peers = new ArrayList<>();
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            String whip = gw.uri("/rtc/room/whip").toString();
            Path dump = tmp.resolve("alice-packets.txt");
            Path dumper = Path.of(RoomsEgressTest.class.getResource("/egress/aiortc_dump.py").toURI());
            Process aliceProcess = new ProcessBuilder(WhipPeers.PYTHON.toString(), dumper.toString(), whip, "--seconds", "120", "--keep",
                    "--hz", "440", "--token", mint("alice", ROOM), "--dump", dump.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectOutput(tmp.resolve("alice.out").toFile()).start();
            peers.add(aliceProcess);
            WhipPeers.Publisher bob = WhipPeers.aiortc(whip, "--seconds", "120", "--keep", "--hz", "660", "--token", mint("bob", ROOM));
            peers.add(bob.process());
            bob.await("connected", Duration.ofSeconds(30));
            Curl alice;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            do { // alice's publisher reports on its own output file: polled until her track is in the room
                Thread.sleep(100);
                alice = curl(gw, "GET", "/rooms/" + ROOM + "/participants/alice", null);
            } while ((alice.status() != 200 || alice.json().path("participant").path("tracks").isEmpty()) && System.nanoTime() < deadline);
            String aliceTrack = alice.json().path("participant").path("tracks").get(0).path("sid").asText();
            String bobTrack = curl(gw, "GET", "/rooms/" + ROOM + "/participants/bob", null).json().path("participant").path("tracks").get(0).path("sid").asText();

            int port1 = WhipPeers.freeUdpPort(), port2 = WhipPeers.freeUdpPort();
            Path srt1 = tmp.resolve("srt1.ogg"), srt2 = tmp.resolve("srt2.ogg");
            peers.add(srtReceiver(port1, "egress-secret-1", srt1));
            peers.add(srtReceiver(port2, "egress-secret-2", srt2));
            String url1 = "srt://127.0.0.1:" + port1 + "?streamid=studio-mix&passphrase=egress-secret-1";
            String url2 = "srt://127.0.0.1:" + port2 + "?streamid=studio-mix&passphrase=egress-secret-2";

            // livekit-server-sdk starts a track egress, a room-composite recording and a room-composite stream
            String origin = "http://127.0.0.1:" + gw.port;
            JsonNode started = new RoomsApiTest().node(tmp, "livekit_egress_start.mjs", origin, KEY, SECRET, ROOM, aliceTrack, url1);
            String trackEgress = started.path("track").asText(), mixEgress = started.path("mix").asText(), streamEgress = started.path("stream").asText();

            // the tutorial's paths, singular and plural, with curl
            Curl participant = curl(gw, "POST", "/egresses/participant", "{\"roomName\": \"" + ROOM + "\", \"participantIdentity\": \"bob\"}");
            assertEquals(201, participant.status(), participant.body());
            String participantEgress = participant.json().path("egress").path("egressId").asText();
            assertEquals("bob", participant.json().path("egress").path("participant").path("identity").asText());
            Curl composite = curl(gw, "POST", "/egress/track-composite", "{\"roomName\": \"" + ROOM + "\", \"audioTrackId\": \"" + bobTrack + "\"}");
            assertEquals(201, composite.status(), composite.body());
            String compositeEgress = composite.json().path("egress").path("egressId").asText();
            assertEquals(400, curl(gw, "POST", "/egress/room-composite", "{}").status());
            assertEquals("{\"errorMessage\":\"'roomName' is required\"}", curl(gw, "POST", "/egresses/room-composite", "{}").body());
            assertEquals("{\"errorMessage\":\"'roomName' and 'streamUrl' are required\"}", curl(gw, "POST", "/egresses/stream", "{\"roomName\": \"x\"}").body());
            assertEquals("{\"errorMessage\":\"'roomName' and 'participantIdentity' are required\"}", curl(gw, "POST", "/egress/participant", "{\"roomName\": \"x\"}").body());
            assertEquals("{\"errorMessage\":\"'roomName' and 'trackId' are required\"}", curl(gw, "POST", "/egress/track", "{}").body());
            assertEquals("{\"errorMessage\":\"'roomName' and 'audioTrackId' are required\"}", curl(gw, "POST", "/egress/track-composite", "{\"roomName\": \"x\"}").body());
            Curl rtmp = curl(gw, "POST", "/egresses/stream", "{\"roomName\": \"" + ROOM + "\", \"streamUrl\": \"rtmp://live.twitch.tv/app/stream-key\"}");
            assertEquals(400, rtmp.status(), rtmp.body());
            assertTrue(rtmp.json().path("errorMessage").asText().contains("srt://"), rtmp.body());
            Curl web = curl(gw, "POST", "/egress/web", "{\"url\": \"https://openvidu.io\"}");
            assertEquals(400, web.status());
            assertTrue(web.json().path("errorMessage").asText().contains("audio only, as Ogg/Opus"), web.body());
            Curl video = curl(gw, "POST", "/egress/track-composite", "{\"roomName\": \"" + ROOM + "\", \"videoTrackId\": \"TR_v\", \"audioTrackId\": \"" + bobTrack + "\"}");
            assertEquals(400, video.status(), video.body());
            assertEquals(404, curl(gw, "POST", "/egress/room-composite", "{\"roomName\": \"nowhere\"}").status());
            assertEquals(404, curl(gw, "POST", "/egress/participant", "{\"roomName\": \"" + ROOM + "\", \"participantIdentity\": \"nobody\"}").status());
            Curl unknown = curl(gw, "DELETE", "/egresses/EG_nonexistent1", null);
            assertEquals(404, unknown.status());
            assertTrue(unknown.json().has("errorMessage"), unknown.body());
            assertEquals(404, curl(gw, "POST", "/egress/EG_nonexistent1/streams", "{\"streamUrlsToAdd\": []}").status());
            assertEquals(404, curl(gw, "POST", "/egress/EG_nonexistent1/layout", "{\"layout\": \"speaker\"}").status());
            assertEquals(400, curl(gw, "POST", "/egress/" + mixEgress + "/layout", "{\"layout\": \"speaker\"}").status());
            assertEquals(409, curl(gw, "POST", "/egress/" + mixEgress + "/streams", "{\"streamUrlsToAdd\": [\"" + url2 + "\"]}").status());
            JsonNode active = curl(gw, "GET", "/egresses?roomName=" + ROOM + "&active=true", null).json().path("egresses");
            assertEquals(5, active.size(), active.toString());
            assertEquals(1, curl(gw, "GET", "/egress?egressId=" + streamEgress, null).json().path("egresses").size());
            assertTrue(!active.toString().contains("egress-secret"), "passphrases never shown: " + active);

            // audio flows: the recorder records the track, the mix, and the SRT listener receives the mix
            awaitRecording(gw, trackEgress, 150);
            awaitRecording(gw, mixEgress, 150);
            awaitRecording(gw, participantEgress, 50);
            awaitRecording(gw, compositeEgress, 50);
            awaitSize(srt1, 24_000);
            JsonNode activeEvent = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("egress_updated")
                    && f.path("data").path("egress").path("egressId").asText().equals(streamEgress)
                    && f.path("data").path("egress").path("status").asText().equals("EGRESS_ACTIVE"), "the stream egress active on /sse", Duration.ofSeconds(5));
            assertTrue(activeEvent != null);

            // UpdateStream moves the stream to the second listener; the recorded egresses are stopped and complete
            JsonNode stopped = new RoomsApiTest().node(tmp, "livekit_egress_stop.mjs", origin, KEY, SECRET, streamEgress, url2, url1, trackEgress, mixEgress);
            awaitSize(srt2, 24_000);
            long srt1Size = Files.size(srt1);
            assertEquals("{\"message\":\"Egress stopped\"}", curl(gw, "DELETE", "/egresses/" + participantEgress, null).body());
            assertEquals("{\"message\":\"Egress stopped\"}", curl(gw, "DELETE", "/egress/" + compositeEgress, null).body());
            assertEquals("{\"message\":\"Egress stopped\"}", curl(gw, "DELETE", "/egress/" + streamEgress, null).body());
            assertEquals(409, curl(gw, "DELETE", "/egress/" + streamEgress, null).status());
            JsonNode streamEnded = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("egress_ended")
                    && f.path("data").path("egress").path("egressId").asText().equals(streamEgress), "the stream egress ended", Duration.ofSeconds(10));
            assertEquals("EGRESS_COMPLETE", streamEnded.path("data").path("egress").path("status").asText(), streamEnded.toString());

            // the track's recording: alice's packets as her encoder made them, a contiguous run of them
            JsonNode trackFiles = stopped.path(trackEgress).path("files");
            assertEquals(1, trackFiles.size(), stopped.toString());
            Audio.Opus recorded = Audio.packets(download(gw, trackFiles.get(0).path("id").asText()));
            List<byte[]> sent = Files.readAllLines(dump).stream().map(HexFormat.of()::parseHex).toList();
            int at = Audio.indexOf(sent, recorded.packets());
            System.out.printf("track egress: %d packets recorded, found unchanged at packet %d of the %d alice's encoder made%n",
                    recorded.packets().size(), at, sent.size());
            assertTrue(recorded.packets().size() >= 150 && at >= 0, "the track's recording is a run of alice's packets");

            // the room's recording and both SRT receivers: both tones
            JsonNode mixFiles = stopped.path(mixEgress).path("files");
            assertEquals(1, mixFiles.size(), stopped.toString());
            assertBothTones("room-composite recording", Audio.decode(download(gw, mixFiles.get(0).path("id").asText())));
            for (Process p : peers.subList(2, 4)) p.destroy();
            assertBothTones("stream to srt-live-transmit 1 (" + srt1Size + " bytes)", Audio.decode(srt1));
            assertBothTones("stream to srt-live-transmit 2 after UpdateStream (" + Files.size(srt2) + " bytes)", Audio.decode(srt2));
            JsonNode mix = JSON.readTree(curl(gw, "GET", "/egresses?egressId=" + mixEgress, null).body()).path("egresses").get(0);
            assertEquals("EGRESS_COMPLETE", mix.path("status").asText(), mix.toString());
            assertEquals(mixFiles.get(0).path("id").asText(), mix.path("fileResults").get(0).path("filename").asText());

            // a room that closes ends its egresses: the recording is finished and the egress complete, "room closed"
            Curl closing = curl(gw, "POST", "/egresses/room-composite", "{\"roomName\": \"" + ROOM + "\"}");
            assertEquals(201, closing.status(), closing.body());
            String closingEgress = closing.json().path("egress").path("egressId").asText();
            awaitRecording(gw, closingEgress, 25);
            // restarting the REST plugin ends neither the participants' WebRTC sessions (gateway.rooms holds them) nor the
            // egresses (gateway.rooms.egress's): the room's egress goes on recording its mix
            assertEquals(200, curl(gw, "POST", "/plugins/gateway.rooms.rest/restart", null).status());
            long restarted = System.nanoTime();
            Curl again;
            do {
                Thread.sleep(100); // polling until the plugin serves again
                again = curl(gw, "GET", "/egresses?egressId=" + closingEgress, null);
            } while (again.status() != 200 && System.nanoTime() - restarted < Duration.ofSeconds(30).toNanos());
            assertEquals("EGRESS_ACTIVE", again.json().path("egresses").path(0).path("status").asText(), again.body());
            System.out.printf("gateway.rooms.rest restarted: /egresses answered again after %d ms, the room's egress still active%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            assertTrue(events.all().stream().noneMatch(f -> f.path("type").asText().equals("participant_left")
                    && f.path("data").path("participant").path("identity").asText().equals("alice")), "alice stayed in the room");
            long beforeRestart = JSON.readTree(gw.get("/recordings?event=" + closingEgress, AUTH).body()).path("recordings").path(0).path("packets").asLong();
            awaitRecording(gw, closingEgress, beforeRestart + 50);

            assertEquals(200, curl(gw, "DELETE", "/rooms/" + ROOM, null).status());
            JsonNode closed = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("egress_ended")
                    && f.path("data").path("egress").path("egressId").asText().equals(closingEgress), "the egress of the closed room ended", Duration.ofSeconds(15));
            assertEquals("EGRESS_COMPLETE", closed.path("data").path("egress").path("status").asText(), closed.toString());
            assertEquals("room closed", closed.path("data").path("egress").path("details").asText(), closed.toString());
            assertEquals(1, closed.path("data").path("egress").path("files").size(), closed.toString());

            // the egress webhooks verify with the SDK's WebhookReceiver
            JsonNode hooksSeen;
            synchronized (hooks) {
                hooksSeen = new RoomsApiTest().node(tmp, "livekit_webhooks_verify.mjs", KEY, SECRET, hooks.toString());
            }
            assertTrue(hooksSeen.toString().contains("\"event\":\"egress_started\",\"egressId\":\"" + mixEgress), hooksSeen.toString());
            assertTrue(hooksSeen.toString().contains("\"event\":\"egress_ended\",\"egressId\":\"" + mixEgress + "\",\"status\":\"EGRESS_COMPLETE\""), hooksSeen.toString());
        } finally {
            peers.forEach(Process::destroy);
            receiver.stop(0);
        }
    }
    @Test
    void aRecordedEgressThatTheRecorderDoesNotRecordFailsWithTheReason() throws Exception {
        WhipPeers.requireAiortc();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        // the recorder records nothing automatically, and the egress waits 2 s for its report
        Files.writeString(home.resolve("etc/gateway.recorder.cfg"), "record = (metadata.never=true)\n");
        Files.writeString(home.resolve("etc/gateway.rooms.egress.cfg"), "recorderGraceSeconds = 2\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            WhipPeers.Publisher carol = WhipPeers.aiortc(gw.uri("/rtc/room/whip").toString(), "--seconds", "60", "--keep", "--token", mint("carol", "quiet"));
            carol.await("connected", Duration.ofSeconds(30));
            String track = curl(gw, "GET", "/rooms/quiet/participants/carol", null).json().path("participant").path("tracks").get(0).path("sid").asText();
            Curl started = curl(gw, "POST", "/egress/track", "{\"roomName\": \"quiet\", \"trackId\": \"" + track + "\"}");
            assertEquals(201, started.status(), started.body());
            String egress = started.json().path("egress").path("egressId").asText();
            GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("egress_updated")
                    && f.path("data").path("egress").path("status").asText().equals("EGRESS_ACTIVE"), "the egress active", Duration.ofSeconds(10));
            assertEquals(200, curl(gw, "DELETE", "/egress/" + egress, null).status());
            JsonNode failed = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("egress_ended"), "the egress ended", Duration.ofSeconds(15));
            JsonNode info = failed.path("data").path("egress");
            assertEquals("EGRESS_FAILED", info.path("status").asText(), failed.toString());
            assertTrue(info.path("error").asText().contains("no recording was made"), failed.toString());
            Curl listed = curl(gw, "GET", "/egresses?egressId=" + egress, null);
            assertEquals("EGRESS_FAILED", listed.json().path("egresses").path(0).path("status").asText(), listed.body());
            assertTrue(listed.json().path("egresses").path(0).path("error").asText().contains("metadata.record=true"), listed.body());
            carol.process().destroy();
        }
    }
}
