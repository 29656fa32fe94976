package gateway.itest.e2e;

import static gateway.itest.e2e.WhipPeers.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebRTC publishing without decoding ({@code POST /rtc/whip}) on the real executable: headless Chromium publishes its
 * fake microphone (a tone) with {@code @eyevinn/whip-web-client}; the recorder records the live stream the
 * publisher's packets make, and ffmpeg decodes the tone from the recording.
 */
class WebRtcPublishTest {
    private static final int HZ = 880;

    @TempDir
    Path tmp;

    @Test
    void chromiumPublishesItsMicrophoneAndTheRecorderRecordsItsOwnPackets() throws Exception {
        WhipChromiumTest.requireChromium();
        Path tone = WhipChromiumTest.fakeMicrophone(tmp, HZ);
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.recorder.cfg"), "record = (origin=webrtc)\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            List<JsonNode> frames = gw.events();
            WhipChromiumTest.publish(tmp, gw.uri("/rtc/whip").toString(), WhepPlaybackTest.TOKEN, 5, tone);
            JsonNode ended = GatewayProcess.awaitEvent(frames, "rtc-publish-ended", Duration.ofSeconds(10));
            assertEquals("deleted", ended.path("data").path("cause").asText(), ended.toString());
            String stream = ended.path("data").path("stream").asText();
            assertTrue(ended.path("data").path("packets").asLong() > 200, "5 s of 20 ms packets: " + ended);
            GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("rtc-publish-connected")
                    && f.path("data").path("stream").asText().equals(stream), "rtc-publish-connected", Duration.ZERO);

            // the recording of the stream completes when the stream ends
            JsonNode recording = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (recording == null && System.nanoTime() < deadline) { // polled: the index is written as the recording closes
                for (JsonNode r : JSON.readTree(gw.get("/recordings?stream=" + stream, WhepPlaybackTest.AUTH).body()).path("recordings")) {
                    if (!r.path("state").asText().equals("recording")) recording = r;
                }
                if (recording == null) Thread.sleep(100);
            }
            assertTrue(recording != null, "a finished recording of stream " + stream);
            Path file = tmp.resolve("recording.ogg");
            HttpResponse<Path> got = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/recordings/" + recording.path("id").asText() + "/audio"))
                    .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).build(), HttpResponse.BodyHandlers.ofFile(file));
            assertEquals(200, got.statusCode());
            short[] pcm = WhipPeers.decode(file);
            double seconds = pcm.length / 48_000.0;
            double level = WhipPeers.level(pcm, pcm.length / 4, pcm.length / 2, HZ);
            double off = WhipPeers.level(pcm, pcm.length / 4, pcm.length / 2, HZ * 1.5);
            System.out.printf("Chromium -> /rtc/whip -> recorder: %.2f s recorded; %d Hz level %.0f, %.0f Hz level %.1f%n",
                    seconds, HZ, level, HZ * 1.5, off);
            assertTrue(seconds > 4 && seconds < 8, "about 5 s recorded: " + seconds);
            assertTrue(level > 50 && off < level / 30, "the microphone's tone is in the recording: " + level + " vs " + off);
        }
    }

    @Test
    void aiortcPublishesWithoutDecodingAndAnAiortcListenerHearsItThroughWhep() throws Exception {
        WhipPeers.requireAiortc();
        try (GatewayProcess gw = WhepPlaybackTest.gateway(tmp.resolve("home"), "")) {
            List<JsonNode> frames = gw.events();
            String whip = gw.uri("/rtc/whip").toString();
            WhipPeers.Publisher tokenless = WhipPeers.aiortc(whip, "--seconds", "1");
            JsonNode refused = tokenless.reports().await("event", "error", null, Duration.ofSeconds(30));
            assertEquals(401, refused.path("status").asInt(), "without the management token the offer is refused: " + refused);
            HttpResponse<String> garbage = gw.send(HttpRequest.newBuilder(gw.uri("/rtc/whip")).header("Content-Type", "application/sdp")
                    .header("Authorization", "Bearer " + WhepPlaybackTest.TOKEN).POST(HttpRequest.BodyPublishers.ofString("nonsense")).build());
            assertEquals(400, garbage.statusCode(), garbage.body());

            // 2 s of silence first, so that the listener (started once the publisher is connected) hears the tone begin
            WhipPeers.Publisher publisher = WhipPeers.aiortc(whip, "--hz", "1000", "--seconds", "8", "--silence", "2",
                    "--token", WhepPlaybackTest.TOKEN);
            String location = publisher.await("answered", Duration.ofSeconds(20)).path("location").asText();
            String stream = location.substring(location.lastIndexOf('/') + 1);
            publisher.await("connected", Duration.ofSeconds(20));
            GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("rtc-publish-connected")
                    && f.path("data").path("stream").asText().equals(stream), "rtc-publish-connected", Duration.ofSeconds(10));
            JsonNode listed = JSON.readTree(gw.get("/streams/" + stream, WhepPlaybackTest.AUTH).body());
            assertEquals("webrtc", listed.path("origin").asText(), listed.toString());

            WhipPeers.Publisher listener = WhepPlaybackTest.aiortc(gw.uri("/whep/" + stream).toString(), 5, 1000);
            JsonNode heard = listener.await("heard", Duration.ofSeconds(30));
            // mouth to ear on one clock: aiortc made the tone's first frame -> the gateway -> aiortc decoded it
            double latency = listener.await("onset", Duration.ZERO).path("t").asDouble()
                    - publisher.await("tone", Duration.ZERO).path("t").asDouble();
            System.out.printf("aiortc -> /rtc/whip -> /whep -> aiortc: tone onset heard %.0f ms after it was generated%n", latency * 1000);
            assertTrue(latency > 0 && latency < 1.0, "sub-second latency through the gateway: " + latency + " s");
            System.out.printf("aiortc -> /rtc/whip -> /whep -> aiortc: %s s heard, 1000 Hz level %.0f, 1500 Hz level %.1f%n",
                    heard.path("seconds").asText(), heard.path("tone").asDouble(), heard.path("off").asDouble());
            assertTrue(heard.path("tone").asDouble() > 3000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30,
                    "the publisher's tone reached the listener: " + heard);
            assertEquals(0, listener.waitFor(Duration.ofSeconds(15)));

            assertEquals(0, publisher.waitFor(Duration.ofSeconds(30)), publisher.lines().toString());
            JsonNode ended = GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("rtc-publish-ended"),
                    "rtc-publish-ended", Duration.ofSeconds(10));
            assertEquals("deleted", ended.path("data").path("cause").asText(), ended.toString());
            JsonNode streamEnded = JSON.readTree(gw.get("/streams/" + stream, WhepPlaybackTest.AUTH).body());
            assertEquals("ended", streamEnded.path("state").asText(), streamEnded.toString());
            String metrics = gw.get("/metrics", WhepPlaybackTest.AUTH).body();
            for (String line : List.of("gateway_rtc_publishers 0.0", "gateway_rtc_publishers_started_total 1.0")) {
                assertTrue(metrics.contains(line), line + " in " + metrics);
            }
        }
    }
}
