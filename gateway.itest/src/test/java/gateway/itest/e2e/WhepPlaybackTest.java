package gateway.itest.e2e;

import static gateway.itest.e2e.WhipPeers.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WHEP playback on the real executable with independent WebRTC stacks: ffmpeg sends a tone over SRT, headless
 * Chromium (its own WebRTC, a page written against the WHEP draft) and aiortc play it through {@code POST /whep};
 * refusals, trickle, and every end of a session (DELETE, a listener that vanishes, the stream's end, a
 * reconfiguration) are checked on {@code /sse}.
 */
class WhepPlaybackTest {
    static final String TOKEN = "whep-management-token";
    private static final int HZ = 440;

    @TempDir
    Path tmp;

    /** The gateway with a management token and WebRTC on a free UDP port with more settings. */
    static GatewayProcess gateway(Path home, String rtcSettings) throws Exception {
        return gateway(home, rtcSettings, null);
    }

    /** The same, with JVM options added to bin/gateway's (null for none). */
    static GatewayProcess gateway(Path home, String rtcSettings, String javaOptions) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.http.cfg"), "managementToken = " + TOKEN + "\n");
        Files.writeString(home.resolve("etc/gateway.webrtc.cfg"), "udpPort = " + WhipPeers.freeUdpPort() + "\n" + rtcSettings);
        GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1", javaOptions);
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
        gw.awaitLog("WHEP playback ready", Duration.ofSeconds(15));
        return gw;
    }

    /** An SRT contribution of a tone by ffmpeg (the reference document's sender); returns it once its stream is live. */
    record Contribution(Process ffmpeg, String streamId) {}

    static Contribution contribute(GatewayProcess gw, int seconds) throws Exception {
        HttpResponse<String> reserved = gw.send(HttpRequest.newBuilder(gw.uri("/reserve")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"" + UUID.randomUUID() + "\"}")).build());
        assertEquals(201, reserved.statusCode(), reserved.body());
        String passphrase = JSON.readTree(reserved.body()).path("credentials").path("token").asText();
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                "-i", "sine=frequency=" + HZ + ":duration=" + seconds, "-c", "libopus", "-page_duration", "20000",
                "-f", "ogg", "-passphrase", passphrase, "srt://127.0.0.1:" + gw.port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) { // polled: the stream opens when ffmpeg's first page arrives
            seen = gw.get("/streams", AUTH).body();
            for (JsonNode s : JSON.readTree(seen)) {
                if (s.path("state").asText().equals("live")) return new Contribution(ffmpeg, s.path("id").asText());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no live stream within 15 s: " + seen);
    }

    private static HttpResponse<String> send(GatewayProcess gw, String method, String path, String contentType, String body,
                                             String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        if (headers.length > 0) b.headers(headers);
        return gw.send(b.build());
    }

    static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};

    /** An aiortc WHEP listener (test resource whep/aiortc_play.py) with its JSON lines. */
    static WhipPeers.Publisher aiortc(String endpoint, double seconds) throws Exception {
        return aiortc(endpoint, seconds, HZ);
    }

    /** An aiortc WHEP listener that measures the level at {@code hz}, with more options of aiortc_play.py. */
    static WhipPeers.Publisher aiortc(String endpoint, double seconds, int hz, String... options) throws Exception {
        Path script = Path.of(WhepPlaybackTest.class.getResource("/whep/aiortc_play.py").toURI());
        List<String> command = new ArrayList<>(List.of(WhipPeers.PYTHON.toString(), script.toString(), endpoint, "--seconds",
                String.valueOf(seconds), "--token", TOKEN, "--hz", String.valueOf(hz)));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        WhipPeers.Reports reports = new WhipPeers.Reports();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) reports.add(JSON.readTree(line));
            } catch (IOException ended) {
                // the process ended
            } finally {
                reports.end();
            }
        });
        return new WhipPeers.Publisher(p, reports);
    }

    private static JsonNode ended(List<JsonNode> frames, String session, Duration within) throws InterruptedException {
        return GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("whep-ended")
                && f.path("data").path("session").asText().equals(session), "whep-ended of " + session, within);
    }

    private static String sessionOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    void aiortcHearsTheToneAndEveryWayOutEndsTheSession() throws Exception {
        WhipPeers.requireAiortc();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
        // aiortc checks consent every 4-6 s: 8 s leaves a playing listener room under load and ends a vanished one soon
        try (GatewayProcess gw = gateway(tmp.resolve("home"), "consentTimeoutSeconds = 8\n")) {
            List<JsonNode> frames = gw.events();
            Contribution source = contribute(gw, 120);
            String whep = "/whep/" + source.streamId();
            String endpoint = gw.uri(whep).toString();

            // refusals, each a problem document
            assertEquals(401, send(gw, "POST", whep, "application/sdp", "v=0\r\n").statusCode(), "the management token is required");
            HttpResponse<String> wrongType = send(gw, "POST", whep, "text/plain", "v=0\r\n", AUTH);
            assertEquals(415, wrongType.statusCode(), wrongType.body());
            HttpResponse<String> garbage = send(gw, "POST", whep, "application/sdp", "this is not SDP", AUTH);
            assertEquals(400, garbage.statusCode(), garbage.body());
            assertTrue(garbage.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), garbage.headers().toString());
            String videoOnly = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
                    + "a=fingerprint:sha-256 " + "AB:".repeat(31) + "AB\r\na=setup:actpass\r\n"
                    + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=rtcp-mux\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n";
            HttpResponse<String> noAudio = send(gw, "POST", whep, "application/sdp", videoOnly, AUTH);
            assertEquals(400, noAudio.statusCode(), noAudio.body());
            assertEquals(404, send(gw, "POST", "/whep/no-such-stream", "application/sdp", videoOnly, AUTH).statusCode());
            assertEquals(404, send(gw, "DELETE", whep + "/no-such-session", null, null, AUTH).statusCode());
            HttpResponse<String> preflight = send(gw, "OPTIONS", whep, null, null, "Origin", "http://example.org",
                    "Access-Control-Request-Method", "POST");
            assertEquals(204, preflight.statusCode(), "a CORS preflight needs no token");
            assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("application/sdp", preflight.headers().firstValue("Accept-Post").orElse(null));

            // 1. plays, hears the tone, ends with DELETE
            WhipPeers.Publisher first = aiortc(endpoint, 3);
            JsonNode answered = first.await("answered", Duration.ofSeconds(20));
            JsonNode heard = first.await("heard", Duration.ofSeconds(20));
            assertEquals(0, first.waitFor(Duration.ofSeconds(10)), first.lines().toString());
            System.out.printf("aiortc via WHEP: offer -> 201 in %s ms, first frame %s s after the POST; %s s heard, %d Hz level %.0f, %.0f Hz level %.1f%n",
                    answered.path("millis").asText(), first.await("first-frame", Duration.ZERO).path("after").asText(),
                    heard.path("seconds").asText(), HZ, heard.path("tone").asDouble(), HZ * 1.5, heard.path("off").asDouble());
            assertTrue(heard.path("seconds").asDouble() >= 2.9, heard.toString());
            assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30,
                    "aiortc decoded the tone: " + heard);
            assertEquals(200, first.await("deleted", Duration.ZERO).path("status").asInt());
            String firstSession = sessionOf(answered.path("location").asText());
            JsonNode deleted = ended(frames, firstSession, Duration.ofSeconds(5));
            assertEquals("deleted", deleted.path("data").path("cause").asText(), deleted.toString());
            assertTrue(deleted.path("data").path("packets").asLong() > 140, deleted.toString());

            // 2. trickle, then the listener vanishes without DELETE: ICE consent expires
            WhipPeers.Publisher vanishing = aiortc(endpoint, 60);
            String location = vanishing.await("answered", Duration.ofSeconds(20)).path("location").asText();
            vanishing.await("first-frame", Duration.ofSeconds(20));
            String path = URI.create(location).getPath();
            String session = sessionOf(path);
            HttpResponse<String> listed = gw.get("/whep", AUTH);
            assertTrue(listed.body().contains(session) && listed.body().contains("\"state\":\"connected\""), listed.body());
            String attached = gw.get("/streams/" + source.streamId(), AUTH).body();
            assertTrue(attached.contains("\"whep\""), "an attachment of the stream: " + attached);
            String candidate = "a=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n";
            assertEquals(204, send(gw, "PATCH", path, "application/trickle-ice-sdpfrag", candidate, AUTH).statusCode());
            assertEquals(412, send(gw, "PATCH", path, "application/trickle-ice-sdpfrag", candidate, "Authorization", "Bearer " + TOKEN,
                    "If-Match", "\"another\"").statusCode());
            assertEquals(415, send(gw, "PATCH", path, "application/sdp", candidate, AUTH).statusCode());
            HttpResponse<String> restart = send(gw, "PATCH", path, "application/trickle-ice-sdpfrag",
                    "a=ice-ufrag:newone\r\na=ice-pwd:newpasswordnewpassword12\r\n" + candidate, AUTH);
            assertEquals(422, restart.statusCode(), restart.body());
            vanishing.process().destroyForcibly();
            JsonNode expired = ended(frames, session, Duration.ofSeconds(20));
            assertEquals("consent-expired", expired.path("data").path("cause").asText(), expired.toString());

            // 3. a listener until the stream ends: ffmpeg, told to stop (SIGTERM), closes its SRT connection
            WhipPeers.Publisher last = aiortc(endpoint, 60);
            String lastSession = sessionOf(last.await("answered", Duration.ofSeconds(20)).path("location").asText());
            last.await("first-frame", Duration.ofSeconds(20));
            source.ffmpeg().destroy();
            assertTrue(source.ffmpeg().waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg stopped");
            JsonNode streamEnded = ended(frames, lastSession, Duration.ofSeconds(15));
            assertEquals("stream-ended", streamEnded.path("data").path("cause").asText(), streamEnded.toString());
            last.process().destroyForcibly();

            String metrics = gw.get("/metrics", AUTH).body();
            assertTrue(metrics.contains("gateway_handler_delivered_packets_total{handler=\"whep\"}"), "one handler name for every session");
            for (String line : List.of("gateway_whep_sessions 0.0", "gateway_whep_sessions_started_total 3.0",
                    "gateway_whep_sessions_ended_total{cause=\"deleted\"} 1.0", "gateway_whep_sessions_ended_total{cause=\"consent-expired\"} 1.0",
                    "gateway_whep_sessions_ended_total{cause=\"stream-ended\"} 1.0")) {
                assertTrue(metrics.contains(line), line + " in " + metrics);
            }
            assertEquals("[]", gw.get("/whep", AUTH).body());
        }
    }

    @Test
    void aReconfigurationEndsTheSessionsItsTransportCarried() throws Exception {
        WhipPeers.requireAiortc();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
        Path home = tmp.resolve("home");
        try (GatewayProcess gw = gateway(home, "")) {
            List<JsonNode> frames = gw.events();
            Contribution source = contribute(gw, 30);
            WhipPeers.Publisher listener = aiortc(gw.uri("/whep/" + source.streamId()).toString(), 60);
            String session = sessionOf(listener.await("answered", Duration.ofSeconds(20)).path("location").asText());
            listener.await("first-frame", Duration.ofSeconds(20));
            Files.writeString(home.resolve("etc/gateway.whep.cfg"), "publicPlayback = true\n");
            JsonNode stopped = ended(frames, session, Duration.ofSeconds(15));
            assertEquals("stopped", stopped.path("data").path("cause").asText(), stopped.toString());
            listener.process().destroyForcibly();
            // public now: an offer without a token gets past authentication (and is refused for its SDP)
            gw.awaitLog("WHEP playback ready: public", Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            HttpResponse<String> noToken;
            do { // the public resource registers with the JAX-RS whiteboard just after the log line
                noToken = send(gw, "POST", "/whep/" + source.streamId(), "application/sdp", "v=0\r\n");
            } while (noToken.statusCode() != 400 && System.nanoTime() < deadline);
            assertEquals(400, noToken.statusCode(), noToken.body());
            assertEquals(401, gw.get("/whep").statusCode(), "the list of sessions stays a management endpoint");
            source.ffmpeg().destroyForcibly();
        }
    }

    @Test
    void restartingAPluginEndsOnlyItsOwnSessions() throws Exception {
        WhipPeers.requireAiortc();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
        try (GatewayProcess gw = gateway(tmp.resolve("home"), "")) {
            List<JsonNode> frames = gw.events();
            Contribution source = contribute(gw, 40);
            String endpoint = gw.uri("/whep/" + source.streamId()).toString();
            WhipPeers.Publisher listener = aiortc(endpoint, 60);
            String session = sessionOf(listener.await("answered", Duration.ofSeconds(20)).path("location").asText());
            listener.await("first-frame", Duration.ofSeconds(20));

            // another plugin's restart leaves the WHEP session alone
            HttpResponse<String> whip = send(gw, "POST", "/plugins/gateway.whip/restart", null, null, AUTH);
            assertEquals(200, whip.statusCode(), whip.body());
            long packets = JSON.readTree(gw.get("/whep", AUTH).body()).get(0).path("packetsSent").asLong();
            JsonNode still = JSON.readTree(gw.get("/whep", AUTH).body()).get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (still.path("packetsSent").asLong() <= packets && System.nanoTime() < deadline) { // packets keep flowing
                Thread.sleep(50);
                still = JSON.readTree(gw.get("/whep", AUTH).body()).get(0);
            }
            assertEquals(session, still.path("id").asText());
            assertEquals("connected", still.path("state").asText(), still.toString());
            assertTrue(still.path("packetsSent").asLong() > packets, "the session goes on sending: " + still);
            assertTrue(frames.stream().noneMatch(f -> f.path("type").asText().equals("whep-ended")), "no session ended: " + frames);

            // its own restart ends it; the stream goes on, and a new listener plays it
            HttpResponse<String> webrtc = send(gw, "POST", "/plugins/gateway.webrtc/restart", null, null, AUTH);
            assertEquals(200, webrtc.statusCode(), webrtc.body());
            JsonNode stopped = ended(frames, session, Duration.ofSeconds(10));
            assertEquals("stopped", stopped.path("data").path("cause").asText(), stopped.toString());
            assertTrue(stopped.path("data").path("packets").asLong() >= packets, stopped.toString());
            listener.process().destroyForcibly();
            assertEquals("live", JSON.readTree(gw.get("/streams/" + source.streamId(), AUTH).body()).path("state").asText());
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gw.get("/whep", AUTH).statusCode() != 200 && System.nanoTime() < deadline) Thread.sleep(50); // re-registration
            WhipPeers.Publisher again = aiortc(endpoint, 2);
            JsonNode heard = again.await("heard", Duration.ofSeconds(30));
            assertTrue(heard.path("tone").asDouble() > 1000, heard.toString());
            assertEquals(0, again.waitFor(Duration.ofSeconds(10)));
            source.ffmpeg().destroyForcibly();
        }
    }

    @Test
    void chromiumPlaysAnSrtStreamThroughWhep() throws Exception {
        WhipChromiumTest.requireChromium();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg not installed");
        try (GatewayProcess gw = gateway(tmp.resolve("home"), "")) {
            List<JsonNode> frames = gw.events();
            Contribution source = contribute(gw, 25);
            WhipPeers.Reports page = play(tmp, gw.uri("/whep/" + source.streamId()).toString(), TOKEN, 5);
            JsonNode answered = page.await("event", "answered", "error", Duration.ZERO).path("detail");
            JsonNode connected = page.await("event", "connected", "error", Duration.ZERO).path("detail");
            JsonNode start = page.await("event", "stats-start", "error", Duration.ZERO).path("detail");
            JsonNode stats = page.await("event", "stats", "error", Duration.ZERO).path("detail");
            long packets = stats.path("packetsReceived").asLong();
            double energy = stats.path("totalAudioEnergy").asDouble();
            long samples = stats.path("totalSamplesReceived").asLong();
            long concealed = stats.path("concealedSamples").asLong();
            // after the first second: what a listener hears once playback has settled
            long steadySamples = samples - start.path("totalSamplesReceived").asLong();
            long steadyConcealed = concealed - start.path("concealedSamples").asLong();
            double jitterBuffer = stats.path("jitterBufferDelay").asDouble() / Math.max(1, stats.path("jitterBufferEmittedCount").asLong());
            System.out.printf("Chromium via WHEP: offer -> 201 in %.1f ms, connected after %.1f ms; %d packets, %d lost, audio energy %.4f, "
                            + "%d of %d samples concealed (%.2f %%; after the first second %d of %d, %.2f %%), jitter buffer %.0f ms, "
                            + "round trip %s s%n",
                    answered.path("millis").asDouble(), connected.path("millis").asDouble(), packets, stats.path("packetsLost").asLong(),
                    energy, concealed, samples, 100.0 * concealed / Math.max(1, samples), steadyConcealed, steadySamples,
                    100.0 * steadyConcealed / Math.max(1, steadySamples), 1000 * jitterBuffer, stats.path("roundTrip").asText());
            assertTrue(packets >= 250, "6 s of 20 ms packets arrived: " + stats);
            assertEquals(0, stats.path("packetsLost").asLong(), "no packet lost: " + stats);
            // a sine at 1/8 of full scale has a mean square of 1/128 per second
            assertTrue(energy > 0.01, "Chromium heard audio: " + stats);
            assertTrue(steadyConcealed < steadySamples / 50, "no more than a trace of concealment once playing: " + start + " -> " + stats);
            assertEquals(200, page.await("event", "deleted", "error", Duration.ZERO).path("detail").path("status").asInt());
            String session = sessionOf(answered.path("location").asText());
            assertEquals("deleted", ended(frames, session, Duration.ofSeconds(5)).path("data").path("cause").asText());
            assertTrue(GatewayProcess.awaitEvent(frames, f -> f.path("type").asText().equals("whep-connected")
                    && f.path("data").path("session").asText().equals(session), "whep-connected", Duration.ZERO) != null);
            source.ffmpeg().destroyForcibly();
        }
    }

    /** Plays a WHEP endpoint in headless Chromium (test resource whep/whep-page.html) until the page reports {@code done}. */
    static WhipPeers.Reports play(Path dir, String endpoint, String token, int seconds) throws Exception {
        WhipPeers.Reports reports = new WhipPeers.Reports();
        byte[] html = WhepPlaybackTest.class.getResourceAsStream("/whep/whep-page.html").readAllBytes();
        HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        pages.createContext("/", x -> {
            try (x) {
                String path = x.getRequestURI().getPath();
                if (path.equals("/report")) {
                    reports.add(JSON.readTree(x.getRequestBody().readAllBytes()));
                    reply(x, 204, null, null);
                } else if (path.equals("/page.html")) {
                    reply(x, 200, "text/html; charset=utf-8", html);
                } else {
                    reply(x, 404, null, null);
                }
            }
        });
        pages.start();
        Process chromium = null;
        try {
            String url = "http://127.0.0.1:" + pages.getAddress().getPort() + "/page.html?seconds=" + seconds
                    + (token == null ? "" : "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                    + "&endpoint=" + URLEncoder.encode(endpoint, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(WhipChromiumTest.CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                    "--no-default-browser-check", "--user-data-dir=" + dir.resolve("profile"),
                    "--autoplay-policy=no-user-gesture-required",
                    // plain host candidates instead of mDNS names (mDNS would multicast on the network)
                    "--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--remote-debugging-port=0", url));
            chromium = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
            reports.await("event", "connected", "error", Duration.ofSeconds(30));
            reports.await("event", "done", "error", Duration.ofSeconds(seconds + 30L));
            return reports;
        } finally {
            if (chromium != null) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
            }
            pages.stop(0);
        }
    }

    private static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
        if (type != null) x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) x.getResponseBody().write(body);
    }
}
