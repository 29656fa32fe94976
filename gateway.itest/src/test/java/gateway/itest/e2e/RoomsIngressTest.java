package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Room ingresses on the real executable with parts nobody here wrote: livekit-server-sdk's IngressClient against
 * Twirp livekit.Ingress and curl on the tutorial's /ingress and /ingresses; an aiortc WHIP client pushing a tone with
 * the stream key; an Icecast server (fed by ffmpeg) and ffmpeg as SRT listener pulled by URL ingresses; ffmpeg
 * pushing Ogg/Opus over SRT with the stream key as passphrase. What each ingress publishes is heard by an aiortc listener in the room (the tone's
 * frequency measured).
 */
class RoomsIngressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "APIingressKey01";
    private static final String SECRET = "ingress-test-secret-of-forty-three-chars-x";
    private static final String[] AUTH = WhepPlaybackTest.AUTH;

    @TempDir
    Path tmp;

    private GatewayProcess gateway() throws Exception {
        return gateway(null);
    }

    /** The gateway with the test's API key and secret, and webhooks to {@code webhooks} (null: none). */
    private GatewayProcess gateway(String webhooks) throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        if (webhooks != null) Files.writeString(home.resolve("etc/gateway.rooms.webhooks.cfg"), "urls = " + webhooks + "\n");
        Files.writeString(home.resolve("etc/gateway.rooms.ingress.cfg"), "idleTimeoutSeconds = 2\n");
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        GatewayProcess gw = WhepPlaybackTest.gateway(home, "");
        poll(gw, "/ingresses", r -> r.statusCode() == 200);
        return gw;
    }

    /** Polls a management path (an HTTP answer, not thread synchronisation) until it answers as expected. */
    private static void poll(GatewayProcess gw, String path, Predicate<java.net.http.HttpResponse<String>> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        java.net.http.HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = gw.get(path, AUTH);
                if (until.test(last)) return;
            } catch (java.io.IOException starting) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not answer as expected within 30 s; last: " + (last == null ? "nothing" : last.statusCode() + " " + last.body()));
    }

    /** curl, as a person following the tutorial runs it: {@code [status, body]}. */
    private static String[] curl(GatewayProcess gw, String method, String path, String body, boolean auth) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}", "-X", method, gw.uri(path).toString()));
        if (auth) cmd.addAll(List.of("-H", AUTH[0] + ": " + AUTH[1]));
        if (body != null) cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished");
        int nl = out.lastIndexOf('\n');
        return new String[] {out.substring(nl + 1).trim(), out.substring(0, Math.max(0, nl))};
    }

    private static JsonNode ingress(GatewayProcess gw, String id) throws Exception {
        return JSON.readTree(gw.get("/ingress?ingressId=" + id, AUTH).body()).path("ingresses").path(0);
    }

    /** Polls the ingress (an HTTP answer, not thread synchronisation) until its state is as expected. */
    private static JsonNode awaitIngress(GatewayProcess gw, String id, Predicate<JsonNode> until, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = ingress(gw, id);
            if (until.test(last)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError(what + " within 30 s; last: " + last);
    }

    private static String mint(String identity, String room) throws Exception {
        Path script = RoomsApiTest.script("mint.mjs");
        Process p = new ProcessBuilder("node", script.toString(), KEY, SECRET, identity, room, "false")
                .directory(script.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    /** An aiortc listener in the room (participant {@code identity}, listen-only) of the ingress's track; returns its "heard" report. */
    private static JsonNode hear(GatewayProcess gw, String room, String identity, String trackSid, int hz) throws Exception {
        Path script = Path.of(RoomsIngressTest.class.getResource("/whep/aiortc_play.py").toURI());
        Process p = new ProcessBuilder(WhipPeers.PYTHON.toString(), script.toString(), gw.uri("/rtc/room/whep/" + trackSid).toString(),
                "--seconds", "3", "--token", mint(identity, room), "--hz", String.valueOf(hz)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the listener finished");
            for (String line : out.split("\n")) {
                if (line.startsWith("{") && JSON.readTree(line).path("event").asText().equals("heard")) return JSON.readTree(line);
            }
            throw new AssertionError("the listener heard nothing: " + out);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void assertTone(JsonNode heard, int hz, String who) {
        System.out.printf("%s: %d Hz at %.0f (%.1f at 1.5 x), %.1f s decoded%n", who, hz, heard.path("tone").asDouble(), heard.path("off").asDouble(),
                heard.path("seconds").asDouble());
        assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30, who + ": " + heard);
    }

    @Test
    void livekitIngressClientWebhookReceiverAndCurlOnTheTutorialsPaths() throws Exception {
        int hookPort;
        try (ServerSocket s = new ServerSocket(0)) {
            hookPort = s.getLocalPort();
        }
        try (GatewayProcess gw = gateway("http://127.0.0.1:" + hookPort + "/livekit/webhook")) {
            JsonNode seen = new RoomsApiTest().node(tmp, "livekit_ingress.mjs", "http://127.0.0.1:" + gw.port, KEY, SECRET, String.valueOf(hookPort));
            assertEquals("ingress_ended", seen.path("webhook").path("event").asText(), seen.toString());
            System.out.println("livekit-server-sdk IngressClient: " + seen);

            String[] whip = curl(gw, "POST", "/ingress/whip", "{\"roomName\": \"Test Room\", \"participantIdentity\": \"Ingress-Participant\"}", true);
            assertEquals("201", whip[0], whip[1]);
            JsonNode created = JSON.readTree(whip[1]).path("ingress");
            String id = created.path("ingressId").asText();
            assertEquals("WHIP_INPUT", created.path("inputType").asText());
            assertEquals(gw.uri("/rtc/ingress/whip").toString(), created.path("url").asText());
            assertEquals("ENDPOINT_INACTIVE", created.path("state").path("status").asText());
            assertEquals(24, created.path("streamKey").asText().length());

            // the ingresses live in gateway.rooms.ingress: an update of the REST plugin keeps them
            Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
            Path jar;
            try (java.util.stream.Stream<Path> jars = Files.list(dist.resolve("bundles"))) {
                jar = jars.filter(p -> p.getFileName().toString().startsWith("gateway.rooms.rest-")).findFirst().orElseThrow();
            }
            var updated = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/plugins/gateway.rooms.rest")).header(AUTH[0], AUTH[1])
                    .header("Content-Type", "application/java-archive").PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(jar)).build());
            assertEquals(200, updated.statusCode(), updated.body());
            poll(gw, "/ingresses?ingressId=" + id, r -> r.statusCode() == 200 && r.body().contains(id));
            assertEquals(created.path("streamKey").asText(), ingress(gw, id).path("streamKey").asText(), "the same ingress after the update");

            String[] rtmp = curl(gw, "POST", "/ingresses/rtmp", "{\"roomName\": \"Test Room\", \"participantIdentity\": \"Ingress-Participant\"}", true);
            assertEquals("400", rtmp[0]);
            assertTrue(JSON.readTree(rtmp[1]).path("errorMessage").asText().contains("WHIP"), rtmp[1]);
            assertEquals("{\"errorMessage\":\"'roomName', 'participantIdentity' and 'url' are required\"}",
                    curl(gw, "POST", "/ingresses/url", "{\"roomName\": \"Test Room\", \"participantIdentity\": \"x\"}", true)[1]);
            assertEquals("{\"errorMessage\":\"'roomName' and 'participantIdentity' are required\"}",
                    curl(gw, "POST", "/ingress/whip", "{\"roomName\": \"Test Room\"}", true)[1]);
            String[] hls = curl(gw, "POST", "/ingress/url", "{\"roomName\": \"Test Room\", \"participantIdentity\": \"x\", \"url\": \"ftp://example.org/a.ogg\"}", true);
            assertEquals("400", hls[0], hls[1]);
            assertEquals("404", curl(gw, "POST", "/ingress/ftp", "{}", true)[0]);
            assertEquals("401", curl(gw, "GET", "/ingresses", null, false)[0]);

            String[] listed = curl(gw, "GET", "/ingresses?roomName=Test%20Room", null, true);
            assertEquals(id, JSON.readTree(listed[1]).path("ingresses").path(0).path("ingressId").asText(), listed[1]);
            assertEquals(1, JSON.readTree(curl(gw, "GET", "/ingress?ingressId=" + id, null, true)[1]).path("ingresses").size());
            assertEquals("{\"errorMessage\":\"'roomName' is required\"}", curl(gw, "PATCH", "/ingress/" + id, "{}", true)[1]);
            String[] patched = curl(gw, "PATCH", "/ingresses/" + id, "{\"roomName\": \"Other Room\"}", true);
            assertEquals("200", patched[0], patched[1]);
            assertEquals("Other Room", JSON.readTree(patched[1]).path("ingress").path("roomName").asText());
            String[] unknown = curl(gw, "PATCH", "/ingresses/IN_nonexistent1", "{\"roomName\": \"Other Room\"}", true);
            assertEquals("404", unknown[0]);
            assertEquals("{\"errorMessage\":\"no ingress 'IN_nonexistent1'\"}", unknown[1]);
            assertEquals("{\"message\":\"Ingress deleted\"}", curl(gw, "DELETE", "/ingress/" + id, null, true)[1]);
            assertEquals("404", curl(gw, "DELETE", "/ingresses/" + id, null, true)[0]);
            assertTrue(!gw.console().contains(created.path("streamKey").asText()), "the stream key is not logged");
        }
    }

    @Test
    void aWhipClientWithTheStreamKeyBecomesTheParticipantAndIsHeardInTheRoom() throws Exception {
        WhipPeers.requireAiortc();
        try (GatewayProcess gw = gateway()) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            String[] created = curl(gw, "POST", "/ingress/whip", "{\"roomName\": \"studio\", \"participantIdentity\": \"guest\"}", true);
            JsonNode ingress = JSON.readTree(created[1]).path("ingress");
            String id = ingress.path("ingressId").asText();
            String url = ingress.path("url").asText();
            String key = ingress.path("streamKey").asText();

            WhipPeers.Publisher wrong = WhipPeers.aiortc(url, "--seconds", "1", "--token", "not-the-stream-key");
            assertEquals(401, wrong.reports().await("event", "error", null, Duration.ofSeconds(30)).path("status").asInt());

            WhipPeers.Publisher guest = WhipPeers.aiortc(url, "--seconds", "60", "--keep", "--hz", "440", "--token", key);
            guest.await("connected", Duration.ofSeconds(30));
            JsonNode started = WhipPeers.awaitEvent(events, "ingress_started", Duration.ofSeconds(10));
            assertEquals(id, started.path("data").path("ingress").path("ingressId").asText(), started.toString());
            assertEquals("", started.path("data").path("ingress").path("streamKey").asText(), "the public /sse does not show the stream key");
            JsonNode publishing = awaitIngress(gw, id, i -> i.path("state").path("status").asText().equals("ENDPOINT_PUBLISHING"), "publishing");
            String trackSid = publishing.path("state").path("tracks").path(0).path("sid").asText();
            JsonNode participant = JSON.readTree(gw.get("/rooms/studio/participants/guest", AUTH).body()).path("participant");
            assertEquals(trackSid, participant.path("tracks").path(0).path("sid").asText(), participant.toString());
            assertEquals(false, participant.path("permission").path("canSubscribe").asBoolean(true), "an ingress participant only publishes");
            String stream = participant.path("tracks").path(0).path("stream").asText();
            JsonNode live = JSON.readTree(gw.get("/streams/" + stream, AUTH).body());
            assertEquals(id, live.path("metadata").path("ingress").asText(), live.toString());
            assertEquals("webrtc", live.path("origin").asText(), "the WHIP publisher's packets, untouched");

            // one publisher at a time
            WhipPeers.Publisher second = WhipPeers.aiortc(url, "--seconds", "1", "--token", key);
            assertEquals(409, second.reports().await("event", "error", null, Duration.ofSeconds(30)).path("status").asInt());

            assertTone(hear(gw, "studio", "listener", trackSid, 440), 440, "a room listener hears the WHIP ingress");

            // deleting the ingress ends the push; the participant leaves
            assertEquals("{\"message\":\"Ingress deleted\"}", curl(gw, "DELETE", "/ingress/" + id, null, true)[1]);
            JsonNode ended = WhipPeers.awaitEvent(events, "ingress_ended", Duration.ofSeconds(10));
            assertEquals("ENDPOINT_COMPLETE", ended.path("data").path("ingress").path("state").path("status").asText(), ended.toString());
            poll(gw, "/rooms/studio/participants", r -> !r.body().contains("\"guest\""));
            guest.process().destroyForcibly();
        }
    }

    @Test
    void anIcecastMountAnSrtPushAndAnSrtListenerAreHeardInTheRoom() throws Exception {
        WhipPeers.requireAiortc();
        WhipPeers.requireSrtTools();
        assertTrue(Files.isExecutable(Path.of("/usr/bin/icecast2")), "icecast2 (Debian package icecast2) is installed");
        int icePort;
        try (ServerSocket s = new ServerSocket(0)) {
            icePort = s.getLocalPort();
        }
        Process icecast = icecast(tmp, icePort);
        Process feed = null;
        Process srtPush = null;
        Process srtListener = null;
        try (GatewayProcess gw = gateway()) {
            String mount = "http://127.0.0.1:" + icePort + "/live.ogg";
            feed = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=660:duration=120",
                    "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000", "-content_type", "application/ogg", "-f", "ogg",
                    "icecast://source:icepass@127.0.0.1:" + icePort + "/live.ogg").redirectErrorStream(true).redirectOutput(tmp.resolve("feed.log").toFile()).start();
            awaitMount(mount);

            String[] created = curl(gw, "POST", "/ingresses/url", "{\"roomName\": \"radio\", \"participantIdentity\": \"icecast\", \"url\": \"" + mount + "\"}", true);
            assertEquals("201", created[0], created[1]);
            String urlId = JSON.readTree(created[1]).path("ingress").path("ingressId").asText();
            JsonNode pulling = awaitIngress(gw, urlId, i -> i.path("state").path("status").asText().equals("ENDPOINT_PUBLISHING"), "the URL ingress publishing");
            assertTone(hear(gw, "radio", "listener1", pulling.path("state").path("tracks").path(0).path("sid").asText(), 660), 660,
                    "a room listener hears the Icecast mount");

            String[] srt = curl(gw, "POST", "/ingress/srt", "{\"roomName\": \"radio\", \"participantIdentity\": \"srt-caller\"}", true);
            assertEquals("201", srt[0], srt[1]);
            JsonNode srtIngress = JSON.readTree(srt[1]).path("ingress");
            String srtUrl = srtIngress.path("url").asText();
            Process refused = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=880:duration=1",
                    "-c:a", "libopus", "-f", "ogg", srtUrl + "&passphrase=wrong-passphrase").redirectErrorStream(true).start();
            assertTrue(refused.waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, refused.exitValue(), "a wrong passphrase is refused");
            srtPush = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=880:duration=60",
                    "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000", "-f", "ogg",
                    srtUrl + "&passphrase=" + srtIngress.path("streamKey").asText()).redirectErrorStream(true).redirectOutput(tmp.resolve("srt.log").toFile()).start();
            String srtId = srtIngress.path("ingressId").asText();
            JsonNode pushing = awaitIngress(gw, srtId, i -> i.path("state").path("status").asText().equals("ENDPOINT_PUBLISHING"), "the SRT ingress publishing");
            assertTone(hear(gw, "radio", "listener2", pushing.path("state").path("tracks").path(0).path("sid").asText(), 880), 880,
                    "a room listener hears the SRT push");

            // an srt:// URL: the gateway calls an SRT listener (ffmpeg in listener mode) and pulls from it
            int srtPort = WhipPeers.freeUdpPort();
            srtListener = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=550:duration=60",
                    "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000", "-f", "ogg",
                    "srt://127.0.0.1:" + srtPort + "?mode=listener&passphrase=listener-passphrase&pbkeylen=32")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("srt-listener.log").toFile()).start();
            String pullUrl = "srt://127.0.0.1:" + srtPort + "?passphrase=listener-passphrase&pbkeylen=32";
            String[] pull = curl(gw, "POST", "/ingress/url", "{\"roomName\": \"radio\", \"participantIdentity\": \"srt-listener\", \"url\": \"" + pullUrl + "\"}", true);
            assertEquals("201", pull[0], pull[1]);
            String pullId = JSON.readTree(pull[1]).path("ingress").path("ingressId").asText();
            JsonNode pulled = awaitIngress(gw, pullId, i -> i.path("state").path("status").asText().equals("ENDPOINT_PUBLISHING"), "the srt:// URL ingress publishing");
            assertTone(hear(gw, "radio", "listener3", pulled.path("state").path("tracks").path(0).path("sid").asText(), 550), 550,
                    "a room listener hears the SRT listener pulled by the gateway");
            srtListener.destroy();
            JsonNode pullDone = awaitIngress(gw, pullId, i -> !i.path("state").path("status").asText().equals("ENDPOINT_PUBLISHING"), "the srt:// URL ingress ended");
            System.out.println("srt:// URL ingress after the listener left: " + pullDone.path("state").path("status").asText() + " "
                    + pullDone.path("state").path("error").asText());
            assertTrue(!pullDone.path("state").path("error").asText().contains("listener-passphrase"), "the passphrase is not repeated");

            // the sources' ends: the pusher disconnects, the Icecast source stops
            srtPush.destroy();
            JsonNode srtDone = awaitIngress(gw, srtId, i -> i.path("state").path("status").asText().equals("ENDPOINT_COMPLETE"), "the SRT ingress complete");
            System.out.println("SRT ingress after its caller left: " + srtDone.path("state").path("error").asText());
            feed.destroy();
            JsonNode urlDone = awaitIngress(gw, urlId, i -> !i.path("state").path("status").asText().equals("ENDPOINT_PUBLISHING"), "the URL ingress ended");
            System.out.println("URL ingress after the mount ended: " + urlDone.path("state"));
            poll(gw, "/rooms/radio/participants", r -> r.body().contains("\"participants\":[]"));
        } finally {
            if (feed != null) feed.destroyForcibly();
            if (srtPush != null) srtPush.destroyForcibly();
            if (srtListener != null) srtListener.destroyForcibly();
            icecast.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSourceThatStallsOrIsNotOggEndsInErrorWithTheReason() throws Exception {
        // a real Ogg/Opus file from ffmpeg, served by a server that sends its first half and then nothing
        Path ogg = tmp.resolve("tone.ogg");
        Process ff = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
                "-c:a", "libopus", "-page_duration", "20000", "-f", "ogg", ogg.toString()).redirectErrorStream(true).start();
        assertTrue(ff.waitFor(30, TimeUnit.SECONDS) && ff.exitValue() == 0, "ffmpeg wrote the file");
        byte[] bytes = Files.readAllBytes(ogg);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/stall.ogg", x -> {
            x.getResponseHeaders().set("Content-Type", "application/ogg");
            x.sendResponseHeaders(200, 0);
            x.getResponseBody().write(bytes, 0, bytes.length / 2);
            x.getResponseBody().flush();
            try {
                release.await(60, TimeUnit.SECONDS); // stalls without closing, as a hung server does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        server.createContext("/page.html", x -> {
            byte[] html = "<html>not audio</html>".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html");
            x.sendResponseHeaders(200, html.length);
            x.getResponseBody().write(html);
            x.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (GatewayProcess gw = gateway()) {
            String stallId = JSON.readTree(curl(gw, "POST", "/ingress/url", "{\"roomName\": \"r\", \"participantIdentity\": \"stall\", \"url\": \""
                    + base + "/stall.ogg\"}", true)[1]).path("ingress").path("ingressId").asText();
            String htmlId = JSON.readTree(curl(gw, "POST", "/ingress/url", "{\"roomName\": \"r\", \"participantIdentity\": \"html\", \"url\": \""
                    + base + "/page.html\"}", true)[1]).path("ingress").path("ingressId").asText();
            JsonNode stalled = awaitIngress(gw, stallId, i -> i.path("state").path("status").asText().equals("ENDPOINT_ERROR"), "the stalled pull failed");
            assertEquals("the URL " + base + "/stall.ogg sent nothing for 2 s", stalled.path("state").path("error").asText(), stalled.toString());
            JsonNode html = awaitIngress(gw, htmlId, i -> i.path("state").path("status").asText().equals("ENDPOINT_ERROR"), "the HTML pull failed");
            assertEquals("the URL " + base + "/page.html failed: it serves text/html, not Ogg/Opus", html.path("state").path("error").asText());
            poll(gw, "/rooms/r/participants", r -> r.statusCode() == 404 || r.body().contains("\"participants\":[]"));
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    /** Debian's Icecast with the packaged configuration, its port, passwords and a log folder of the test's. */
    static Process icecast(Path tmp, int port) throws Exception {
        Path dir = tmp.resolve("icecast");
        Path logs = Files.createDirectories(dir.resolve("log"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String xml = Files.readString(Path.of("/etc/icecast2/icecast.xml"));
        xml = xml.replaceAll("<source-password>[^<]*</source-password>", "<source-password>icepass</source-password>")
                .replaceFirst("<port>8000</port>", "<port>" + port + "</port>")
                .replaceAll("<logdir>[^<]*</logdir>", "<logdir>" + logs + "</logdir>")
                .replaceAll("(?s)<!--\\s*(<changeowner>.*?</changeowner>)\\s*-->", "$1");
        Path config = dir.resolve("icecast.xml");
        Files.writeString(config, xml);
        Process p = new ProcessBuilder("icecast2", "-c", config.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException notYet) {
                if (!p.isAlive()) throw new AssertionError("icecast2 exited: " + Files.readString(dir.resolve("out.log")));
                Thread.sleep(100);
            }
        }
        throw new AssertionError("icecast2 did not listen within 15 s");
    }

    /** Waits until the mount serves (ffmpeg connected as its source). */
    static void awaitMount(String mount) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(mount)).build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            r.body().close();
            if (r.statusCode() == 200) return;
            Thread.sleep(100);
        }
        throw new AssertionError("the Icecast mount " + mount + " did not serve within 15 s");
    }
}
