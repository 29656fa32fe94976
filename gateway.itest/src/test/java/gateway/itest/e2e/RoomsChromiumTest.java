package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser in a room: headless Chromium publishes its fake microphone (a tone) with {@code @eyevinn/whip-web-client}
 * through the room's WHIP endpoint with a participant token minted by livekit-server-sdk; a second Chromium, a
 * listen-only participant, plays the track over the room's WHEP endpoint and its {@code getStats()} shows the audio's
 * energy; an aiortc participant hears the tone's frequency.
 */
class RoomsChromiumTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "APIchromeKey001";
    private static final String SECRET = "chromium-test-secret-of-forty-three-chars-";
    private static final String ROOM = "browsers";
    private static final int HZ = 880;

    @TempDir
    Path tmp;

    private static String mint(String identity, boolean canPublish) throws Exception {
        Path script = RoomsApiTest.script("mint.mjs");
        Process p = new ProcessBuilder("node", script.toString(), KEY, SECRET, identity, ROOM, String.valueOf(canPublish))
                .directory(script.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    /** Polls the room (an HTTP answer, not thread synchronisation) until the participant publishes a track; returns its sid. */
    private static String trackOf(GatewayProcess gw, String identity, CompletableFuture<?> publisher) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (publisher.isDone()) publisher.get(); // the page failed: its error, not a timeout
            var r = gw.get("/rooms/" + ROOM + "/participants/" + identity, WhepPlaybackTest.AUTH);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode tracks = JSON.readTree(r.body()).path("participant").path("tracks");
                if (tracks.size() > 0) return tracks.get(0).path("sid").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Chromium published no track within 60 s: " + last);
    }

    @Test
    void chromiumPublishesItsMicrophoneIntoARoomAndParticipantsHearIt() throws Exception {
        WhipChromiumTest.requireChromium();
        WhipPeers.requireAiortc();
        Path tone = WhipChromiumTest.fakeMicrophone(tmp, HZ);
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        Path publisherDir = Files.createDirectories(tmp.resolve("publisher"));
        Path listenerDir = Files.createDirectories(tmp.resolve("listener"));
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            // a page on another origin asks first (a CORS preflight, without the token)
            var preflight = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/rtc/room/whip")).header("Origin", "http://example.org")
                    .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "authorization, content-type")
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(204, preflight.statusCode(), preflight.body());
            assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
            String publisherToken = mint("chromium", true);
            WhipChromiumTest.bundle(); // npm and esbuild before the clock of the page starts
            CompletableFuture<WhipPeers.Reports> published = CompletableFuture.supplyAsync(() -> {
                try {
                    return WhipChromiumTest.publish(publisherDir, gw.uri("/rtc/room/whip").toString(), publisherToken, 14, tone);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            String track = trackOf(gw, "chromium", published);
            JsonNode participant = JSON.readTree(gw.get("/rooms/" + ROOM + "/participants/chromium", WhepPlaybackTest.AUTH).body()).path("participant");
            assertEquals("chromium (sdk)", participant.path("name").asText(), participant.toString());
            assertEquals("audio/opus", participant.path("tracks").get(0).path("mimeType").asText(), participant.toString());

            // a listen-only Chromium plays the track over the room's WHEP endpoint: getStats() shows the audio's energy
            WhipPeers.Reports page = WhepPlaybackTest.play(listenerDir, gw.uri("/rtc/room/whep/" + track).toString(), mint("browser-ear", false), 4);
            JsonNode stats = page.await("event", "stats", "error", Duration.ZERO).path("detail");
            double energy = stats.path("totalAudioEnergy").asDouble();
            System.out.printf("Chromium -> room -> Chromium: %d packets, %d lost, audio energy %.5f, %d of %d samples concealed%n",
                    stats.path("packetsReceived").asLong(), stats.path("packetsLost").asLong(), energy, stats.path("concealedSamples").asLong(),
                    stats.path("totalSamplesReceived").asLong());
            assertTrue(stats.path("packetsReceived").asLong() >= 150, "4 s of the publisher's packets arrived: " + stats);
            // Chromium's capture processing attenuates a steady tone (about 20 dB), so the energy is small but not zero
            assertTrue(energy > 1e-5, "the listening browser heard audio: " + stats);
            assertEquals(200, page.await("event", "deleted", "error", Duration.ZERO).path("detail").path("status").asInt());

            // an aiortc participant hears the microphone's frequency
            Path script = Path.of(RoomsChromiumTest.class.getResource("/whep/aiortc_play.py").toURI());
            Process ear = new ProcessBuilder(WhipPeers.PYTHON.toString(), script.toString(), gw.uri("/rtc/room/whep/" + track).toString(),
                    "--seconds", "3", "--token", mint("aiortc-ear", false), "--hz", String.valueOf(HZ)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            JsonNode heard = null;
            try {
                String out = new String(ear.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(ear.waitFor(60, TimeUnit.SECONDS), "the aiortc listener finished");
                for (String line : out.split("\n")) if (line.contains("\"heard\"")) heard = JSON.readTree(line);
                assertTrue(heard != null, "aiortc heard nothing: " + out);
            } finally {
                ear.destroyForcibly();
            }
            System.out.printf("Chromium -> room -> aiortc: %d Hz at %.0f (%.1f at 1.5 x)%n", HZ, heard.path("tone").asDouble(), heard.path("off").asDouble());
            assertTrue(heard.path("tone").asDouble() > 50 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 10, heard.toString());

            // the page ends its session with DELETE: the participant leaves the room
            published.get(60, TimeUnit.SECONDS);
            JsonNode left = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("participant_left")
                    && f.path("data").path("participant").path("identity").asText().equals("chromium"), "chromium left", Duration.ofSeconds(15));
            assertTrue(left != null);
        }
    }
}
