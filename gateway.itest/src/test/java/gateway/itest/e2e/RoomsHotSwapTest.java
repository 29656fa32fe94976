package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updating each rooms plugin while a room is in use: aiortc publishes a tone over WHIP, another aiortc participant
 * hears it over WHEP, the room is recorded (room composite and track egress) and an Icecast mount (fed by ffmpeg) is
 * pulled into it by a URL ingress. Then {@code gateway.rooms.rest}, {@code gateway.rooms.egress} and
 * {@code gateway.rooms.ingress} are each updated with {@code PUT /plugins}: the listener keeps hearing the publisher
 * (its frames and gaps are counted across the updates), the egresses resume (one more recording each), the ingresses
 * come back with their ids and keys. Two aiortc encoders push into WHIP ingresses and ffmpeg pushes Ogg/Opus into an
 * SRT ingress across the update of the ingress plugin: the pushes and the Icecast pull go on (a listener on each of
 * the pull, the SRT push and one WHIP push hears it on, its longest wait between frames counted), the ingresses stay
 * publishing on the same streams, and afterwards the WHIP {@code DELETE} of one push and the deletion of the other
 * ingresses end them. Finally the gateway restarts: the ingresses are still there, and the pull
 * that ran resumes.
 */
class RoomsHotSwapTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "APIswapTestKey1";
    private static final String SECRET = "swap-test-secret-of-forty-three-characters";
    private static final String[] AUTH = WhepPlaybackTest.AUTH;
    private static final String ROOM = "swap";

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

    private static HttpResponse<String> call(GatewayProcess gw, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).header(AUTH[0], AUTH[1]).header("Content-Type", "application/json");
        return gw.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Polls a management path (an HTTP answer, not thread synchronisation) until it answers as expected; returns the body as JSON. */
    private static JsonNode poll(GatewayProcess gw, String path, Predicate<JsonNode> until, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = gw.get(path, AUTH);
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200) {
                    JsonNode json = JSON.readTree(r.body());
                    if (until.test(json)) return json;
                }
            } catch (java.io.IOException restarting) {
                last = restarting.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " within 30 s; last: " + last);
    }

    /** Updates a plugin with its own jar from the distribution ({@code PUT /plugins/{name}}); returns when the gateway answered. */
    private static void update(GatewayProcess gw, String bundle) throws Exception {
        Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
        Path jar;
        try (Stream<Path> jars = Files.list(dist.resolve("bundles"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith(bundle + "-")).findFirst().orElseThrow();
        }
        HttpResponse<String> updated = gw.send(HttpRequest.newBuilder(gw.uri("/plugins/" + bundle)).header(AUTH[0], AUTH[1])
                .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofFile(jar)).build());
        assertEquals(200, updated.statusCode(), bundle + ": " + updated.body());
    }

    /**
     * A participant's data feed ({@code GET /rtc/room/data}, optionally with {@code Last-Event-ID}): its events as
     * {@code {"event", "id", "text"}} once it is open, and an {@code {"event": "closed"}} when the server closes it.
     */
    private static WhipPeers.Reports dataFeed(GatewayProcess gw, String token, String lastEventId) throws Exception {
        WhipPeers.Reports feed = new WhipPeers.Reports();
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/rtc/room/data")).header("Authorization", "Bearer " + token);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<Stream<String>> r = java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        Thread.ofVirtual().start(() -> {
            String event = null;
            String id = null;
            try {
                for (var it = r.body().iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith(": connected")) open.countDown();
                    else if (line.startsWith("event: ")) event = line.substring(7);
                    else if (line.startsWith("id: ")) id = line.substring(4);
                    else if (line.startsWith("data: ")) {
                        feed.add(JSON.createObjectNode().put("event", event).put("id", id).put("text", JSON.readTree(line.substring(6)).path("text").asText()));
                        event = null;
                        id = null;
                    }
                }
            } catch (java.io.IOException | java.io.UncheckedIOException closed) {
                // the server closed the feed
            }
            feed.add(JSON.createObjectNode().put("event", "closed"));
            feed.end();
        });
        assertTrue(open.await(10, TimeUnit.SECONDS), "the feed opened");
        return feed;
    }

    /** An aiortc WHEP listener (whep/aiortc_play.py) reporting its frames and gaps every second. */
    private static WhipPeers.Publisher listener(String endpoint, String token, double seconds) throws Exception {
        return listener(endpoint, token, seconds, 440);
    }

    private static WhipPeers.Publisher listener(String endpoint, String token, double seconds, int hz) throws Exception {
        Path script = Path.of(RoomsHotSwapTest.class.getResource("/whep/aiortc_play.py").toURI());
        Process p = new ProcessBuilder(WhipPeers.PYTHON.toString(), script.toString(), endpoint, "--seconds", String.valueOf(seconds),
                "--token", token, "--hz", String.valueOf(hz), "--progress").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        WhipPeers.Reports reports = new WhipPeers.Reports();
        Thread.ofVirtual().start(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) reports.add(JSON.readTree(line));
            } catch (java.io.IOException ended) {
                // the process ended
            } finally {
                reports.end();
            }
        });
        return new WhipPeers.Publisher(p, reports);
    }

    /** The listener's latest progress report: {frames, gaps, missing, stallMs}. */
    private static JsonNode progress(WhipPeers.Publisher listener) {
        JsonNode last = JSON.createObjectNode();
        for (JsonNode l : listener.lines()) if (l.path("event").asText().equals("progress")) last = l;
        return last;
    }

    /** Waits until the listener has decoded {@code frames} more frames than {@code since} (its session is alive). */
    private static JsonNode hearsOn(WhipPeers.Publisher listener, JsonNode since, int frames, String when) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode now = progress(listener);
            if (now.path("frames").asLong() >= since.path("frames").asLong() + frames) return now;
            assertTrue(listener.lines().stream().noneMatch(l -> l.path("event").asText().equals("error")), when + ": " + listener.lines());
            Thread.sleep(200); // the listener reports once a second
        }
        throw new AssertionError("the listener stopped hearing " + when + ": " + progress(listener));
    }

    /** The longest wait between two frames the listener reported since its line {@code from}, in ms. */
    private static long stallSince(WhipPeers.Publisher listener, int from) {
        List<JsonNode> lines = listener.lines();
        long max = 0;
        for (JsonNode l : lines.subList(Math.min(from, lines.size()), lines.size())) max = Math.max(max, l.path("recentStallMs").asLong());
        return max;
    }

    private static JsonNode recordings(GatewayProcess gw, String egress) throws Exception {
        return JSON.readTree(gw.get("/recordings?event=" + egress, AUTH).body()).path("recordings");
    }

    @Test
    void participantsEgressesAndIngressesOutliveUpdatesOfTheRoomsPlugins() throws Exception {
        WhipPeers.requireAiortc();
        assertTrue(Files.isExecutable(Path.of("/usr/bin/icecast2")), "icecast2 (Debian package icecast2) is installed");
        int icePort;
        try (ServerSocket s = new ServerSocket(0)) {
            icePort = s.getLocalPort();
        }
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        Process icecast = RoomsIngressTest.icecast(tmp, icePort);
        Process feed = null;
        WhipPeers.Publisher alice = null;
        WhipPeers.Publisher carol = null;
        WhipPeers.Publisher encoder = null;
        WhipPeers.Publisher encoder2 = null;
        WhipPeers.Publisher dave = null;
        WhipPeers.Publisher erin = null;
        WhipPeers.Publisher frank = null;
        Process srtPush = null;
        GatewayProcess gw = WhepPlaybackTest.gateway(home, "");
        try {
            String mount = "http://127.0.0.1:" + icePort + "/live.ogg";
            feed = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=660:duration=300",
                    "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000", "-content_type", "application/ogg", "-f", "ogg",
                    "icecast://source:icepass@127.0.0.1:" + icePort + "/live.ogg").redirectErrorStream(true).redirectOutput(tmp.resolve("feed.log").toFile()).start();
            RoomsIngressTest.awaitMount(mount);

            // a publisher and a listener in the room
            alice = WhipPeers.aiortc(gw.uri("/rtc/room/whip").toString(), "--seconds", "120", "--keep", "--hz", "440", "--token", mint("alice", true));
            alice.await("connected", Duration.ofSeconds(30));
            JsonNode aliceInRoom = JSON.readTree(call(gw, "GET", "/rooms/" + ROOM + "/participants/alice", null).body()).path("participant");
            String aliceSid = aliceInRoom.path("sid").asText();
            String track = aliceInRoom.path("tracks").get(0).path("sid").asText();
            carol = listener(gw.uri("/rtc/room/whep/" + track).toString(), mint("carol", false), 30);
            carol.await("first-frame", Duration.ofSeconds(30));

            // the room recorded (mix and track), an Icecast mount pulled in, a WHIP ingress waiting for its encoder
            HttpResponse<String> mixStarted = call(gw, "POST", "/egresses/room-composite", "{\"roomName\": \"" + ROOM + "\"}");
            assertEquals(201, mixStarted.statusCode(), mixStarted.body());
            String mixEgress = JSON.readTree(mixStarted.body()).path("egress").path("egressId").asText();
            HttpResponse<String> trackStarted = call(gw, "POST", "/egresses/track", "{\"roomName\": \"" + ROOM + "\", \"trackId\": \"" + track + "\"}");
            assertEquals(201, trackStarted.statusCode(), trackStarted.body());
            String trackEgress = JSON.readTree(trackStarted.body()).path("egress").path("egressId").asText();
            HttpResponse<String> pull = call(gw, "POST", "/ingresses/url", "{\"roomName\": \"" + ROOM + "\", \"participantIdentity\": \"icecast\", \"url\": \"" + mount + "\"}");
            assertEquals(201, pull.statusCode(), pull.body());
            String pullId = JSON.readTree(pull.body()).path("ingress").path("ingressId").asText();
            HttpResponse<String> whip = call(gw, "POST", "/ingress/whip", "{\"roomName\": \"" + ROOM + "\", \"participantIdentity\": \"encoder\"}");
            assertEquals(201, whip.statusCode(), whip.body());
            String whipId = JSON.readTree(whip.body()).path("ingress").path("ingressId").asText();
            String whipKey = JSON.readTree(whip.body()).path("ingress").path("streamKey").asText();
            // an encoder (ffmpeg) calls the SRT ingress listener with the ingress's stream key as passphrase
            HttpResponse<String> srt = call(gw, "POST", "/ingress/srt", "{\"roomName\": \"" + ROOM + "\", \"participantIdentity\": \"srt-encoder\"}");
            assertEquals(201, srt.statusCode(), srt.body());
            JsonNode srtIngress = JSON.readTree(srt.body()).path("ingress");
            String srtId = srtIngress.path("ingressId").asText();
            srtPush = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=frequency=330:duration=300",
                    "-c:a", "libopus", "-b:a", "64k", "-page_duration", "20000", "-f", "ogg",
                    srtIngress.path("url").asText() + "&passphrase=" + srtIngress.path("streamKey").asText())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("srt.log").toFile()).start();
            String pulledStream = poll(gw, "/ingresses?ingressId=" + pullId, j -> j.path("ingresses").path(0).path("state").path("status").asText()
                    .equals("ENDPOINT_PUBLISHING"), "the URL ingress publishing").path("ingresses").path(0).path("state").path("resourceId").asText();
            // an ingress's participant is of LiveKit's kind INGRESS, a WHIP participant STANDARD
            assertEquals("INGRESS", JSON.readTree(call(gw, "GET", "/rooms/" + ROOM + "/participants/icecast", null).body()).path("participant").path("kind").asText());
            assertEquals("STANDARD", aliceInRoom.path("kind").asText(), aliceInRoom.toString());
            poll(gw, "/recordings?event=" + mixEgress, j -> j.path("recordings").path(0).path("packets").asLong() >= 25, "the mix recorded");
            poll(gw, "/recordings?event=" + trackEgress, j -> j.path("recordings").path(0).path("packets").asLong() >= 25, "the track recorded");
            assertEquals("EGRESS_ACTIVE", JSON.readTree(call(gw, "GET", "/egresses?egressId=" + mixEgress, null).body()).path("egresses").path(0).path("status").asText());

            // alice's data feed: the update of the REST plugin closes it (no "ended": alice's session goes on); a message
            // sent before she reconnects comes first when she reconnects with Last-Event-ID, and none comes twice
            String aliceToken = mint("alice", true);
            WhipPeers.Reports aliceData = dataFeed(gw, aliceToken, null);
            assertEquals(200, call(gw, "POST", "/rooms/" + ROOM + "/send-data", "{\"data\": \"m1\"}").statusCode());
            String m1 = aliceData.await("event", "data", null, Duration.ofSeconds(10)).path("id").asText();

            // 1. the REST plugin: the participants' sessions are the rooms bundle's, the listener hears on
            JsonNode before = progress(carol);
            int linesBefore = carol.lines().size();
            long t0 = System.nanoTime();
            update(gw, "gateway.rooms.rest");
            JsonNode alicesAfter = poll(gw, "/rooms/" + ROOM + "/participants/alice", j -> true, "the REST plugin answering again");
            long restMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(aliceSid, alicesAfter.path("participant").path("sid").asText(), "alice stayed: " + alicesAfter);
            JsonNode afterRest = hearsOn(carol, before, 100, "after the update of gateway.rooms.rest");
            aliceData.await("event", "closed", "ended", Duration.ofSeconds(10));
            assertEquals(200, call(gw, "POST", "/rooms/" + ROOM + "/send-data", "{\"data\": \"m2\"}").statusCode());
            WhipPeers.Reports aliceAgain = dataFeed(gw, aliceToken, m1);
            JsonNode replayed = aliceAgain.await("event", "data", null, Duration.ofSeconds(10));
            assertEquals("\"m2\"", replayed.path("text").asText(), aliceAgain.all().toString());
            assertEquals(200, call(gw, "POST", "/rooms/" + ROOM + "/send-data", "{\"data\": \"m3\"}").statusCode());
            long dataDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<String> texts = List.of();
            while (System.nanoTime() < dataDeadline) {
                texts = aliceAgain.all().stream().filter(e -> e.path("event").asText().equals("data")).map(e -> e.path("text").asText()).toList();
                if (texts.size() >= 2) break;
                Thread.sleep(100);
            }
            assertEquals(List.of("\"m2\"", "\"m3\""), texts, "what alice's reconnected feed got: " + aliceAgain.all());
            long restStall = stallSince(carol, linesBefore);
            linesBefore = carol.lines().size();

            // 2. the egress plugin: its egresses are suspended and resume, each with one more recording
            t0 = System.nanoTime();
            update(gw, "gateway.rooms.egress");
            JsonNode mixAfter = poll(gw, "/egresses?egressId=" + mixEgress, j -> j.path("egresses").size() == 1, "the mix egress listed again");
            long egressMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("EGRESS_ACTIVE", mixAfter.path("egresses").path(0).path("status").asText(), mixAfter.toString());
            // (the recorder lists the newest first)
            poll(gw, "/recordings?event=" + mixEgress, j -> j.path("recordings").size() == 2 && j.path("recordings").path(0).path("packets").asLong() >= 25,
                    "the resumed mix egress recording again");
            poll(gw, "/recordings?event=" + trackEgress, j -> j.path("recordings").size() == 2 && j.path("recordings").path(0).path("packets").asLong() >= 25,
                    "the resumed track egress recording again");
            JsonNode mixFiles = recordings(gw, mixEgress);
            assertEquals("complete", mixFiles.path(1).path("state").asText(), mixFiles.toString());
            long gapMs = java.time.Instant.parse(mixFiles.path(0).path("start").asText()).toEpochMilli()
                    - java.time.Instant.parse(mixFiles.path(1).path("end").asText()).toEpochMilli();
            assertEquals("EGRESS_ACTIVE", JSON.readTree(call(gw, "GET", "/egresses?egressId=" + trackEgress, null).body())
                    .path("egresses").path(0).path("status").asText());
            JsonNode afterEgress = hearsOn(carol, afterRest, 50, "after the update of gateway.rooms.egress");
            long egressStall = stallSince(carol, linesBefore);
            linesBefore = carol.lines().size();

            // two encoders push into WHIP ingresses, dave hears the first
            HttpResponse<String> whip2 = call(gw, "POST", "/ingress/whip", "{\"roomName\": \"" + ROOM + "\", \"participantIdentity\": \"encoder2\"}");
            assertEquals(201, whip2.statusCode(), whip2.body());
            String whip2Id = JSON.readTree(whip2.body()).path("ingress").path("ingressId").asText();
            encoder = WhipPeers.aiortc(gw.uri("/rtc/ingress/whip").toString(), "--seconds", "120", "--keep", "--hz", "880", "--token", whipKey);
            encoder2 = WhipPeers.aiortc(gw.uri("/rtc/ingress/whip").toString(), "--seconds", "120", "--keep", "--hz", "550", "--token",
                    JSON.readTree(whip2.body()).path("ingress").path("streamKey").asText());
            String whipLocation = encoder.await("answered", Duration.ofSeconds(30)).path("location").asText();
            JsonNode pushing = poll(gw, "/ingresses?ingressId=" + whipId, j -> j.path("ingresses").path(0).path("state").path("status").asText()
                    .equals("ENDPOINT_PUBLISHING"), "the WHIP ingress publishing").path("ingresses").path(0).path("state");
            String pushedStream = pushing.path("resourceId").asText();
            String pushedTrack = pushing.path("tracks").path(0).path("sid").asText();
            String pushed2Stream = poll(gw, "/ingresses?ingressId=" + whip2Id, j -> j.path("ingresses").path(0).path("state").path("status").asText()
                    .equals("ENDPOINT_PUBLISHING"), "the second WHIP ingress publishing").path("ingresses").path(0).path("state").path("resourceId").asText();
            // the Icecast pull and the SRT push go on across the update too: erin hears the pull, frank the SRT push
            JsonNode pullBefore = JSON.readTree(call(gw, "GET", "/ingresses?ingressId=" + pullId, null).body()).path("ingresses").path(0).path("state");
            assertEquals(pulledStream, pullBefore.path("resourceId").asText(), "the pull ran on until now: " + pullBefore);
            JsonNode srtBefore = poll(gw, "/ingresses?ingressId=" + srtId, j -> j.path("ingresses").path(0).path("state").path("status").asText()
                    .equals("ENDPOINT_PUBLISHING"), "the SRT ingress publishing").path("ingresses").path(0).path("state");
            dave = listener(gw.uri("/rtc/room/whep/" + pushedTrack).toString(), mint("dave", false), 10, 880);
            erin = listener(gw.uri("/rtc/room/whep/" + pullBefore.path("tracks").path(0).path("sid").asText()).toString(), mint("erin", false), 10, 660);
            frank = listener(gw.uri("/rtc/room/whep/" + srtBefore.path("tracks").path(0).path("sid").asText()).toString(), mint("frank", false), 10, 330);
            dave.await("first-frame", Duration.ofSeconds(30));
            erin.await("first-frame", Duration.ofSeconds(30));
            frank.await("first-frame", Duration.ofSeconds(30));
            JsonNode daveBefore = hearsOn(dave, JSON.createObjectNode(), 50, "the WHIP ingress before the update");
            JsonNode erinBefore = hearsOn(erin, JSON.createObjectNode(), 50, "the URL ingress before the update");
            JsonNode frankBefore = hearsOn(frank, JSON.createObjectNode(), 50, "the SRT ingress before the update");
            int daveLines = dave.lines().size();
            int erinLines = erin.lines().size();
            int frankLines = frank.lines().size();

            // 3. the ingress plugin: the ingresses come back with their ids and keys; the pull, the SRT push and the WHIP pushes go on
            List<JsonNode> events = gw.events();
            t0 = System.nanoTime();
            update(gw, "gateway.rooms.ingress");
            JsonNode pulling = poll(gw, "/ingresses?ingressId=" + pullId, j -> j.path("ingresses").size() == 1, "the URL ingress listed again")
                    .path("ingresses").path(0);
            long ingressMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("ENDPOINT_PUBLISHING", pulling.path("state").path("status").asText(), "the pull went on: " + pulling);
            assertEquals(pulledStream, pulling.path("state").path("resourceId").asText(), "the same pull, not a new one: " + pulling);
            assertEquals(pullBefore.path("startedAt").asText(), pulling.path("state").path("startedAt").asText(), "started once: " + pulling);
            JsonNode srtAfter = JSON.readTree(call(gw, "GET", "/ingresses?ingressId=" + srtId, null).body()).path("ingresses").path(0);
            assertEquals("ENDPOINT_PUBLISHING", srtAfter.path("state").path("status").asText(), "the SRT push went on: " + srtAfter);
            assertEquals(srtBefore.path("resourceId").asText(), srtAfter.path("state").path("resourceId").asText(), "the same SRT push: " + srtAfter);
            assertTrue(srtPush.isAlive(), "the SRT encoder noticed nothing");
            JsonNode whipAfter = poll(gw, "/ingresses?ingressId=" + whipId, j -> j.path("ingresses").size() == 1, "the WHIP ingress listed").path("ingresses").path(0);
            assertEquals(whipKey, whipAfter.path("streamKey").asText(), "the same stream key: " + whipAfter);
            assertEquals("ENDPOINT_PUBLISHING", whipAfter.path("state").path("status").asText(), "the push went on: " + whipAfter);
            assertEquals(pushedStream, whipAfter.path("state").path("resourceId").asText(), "the same push: " + whipAfter);
            assertEquals(pushed2Stream, JSON.readTree(call(gw, "GET", "/ingresses?ingressId=" + whip2Id, null).body()).path("ingresses").path(0)
                    .path("state").path("resourceId").asText(), "the second push went on");
            JsonNode afterIngress = hearsOn(carol, afterEgress, 50, "after the update of gateway.rooms.ingress");
            long ingressStall = stallSince(carol, linesBefore);
            JsonNode daveAfter = hearsOn(dave, daveBefore, 100, "the WHIP ingress after the update of gateway.rooms.ingress");
            long pushStall = stallSince(dave, daveLines);
            JsonNode erinAfter = hearsOn(erin, erinBefore, 100, "the URL ingress after the update of gateway.rooms.ingress");
            long pullStall = stallSince(erin, erinLines);
            JsonNode frankAfter = hearsOn(frank, frankBefore, 100, "the SRT ingress after the update of gateway.rooms.ingress");
            long srtStall = stallSince(frank, frankLines);
            assertTrue(encoder.process().isAlive() && encoder.lines().stream().noneMatch(l -> l.path("event").asText().equals("error")), encoder.lines().toString());

            JsonNode daveHeard = dave.await("heard", Duration.ofSeconds(30));
            JsonNode erinHeard = erin.await("heard", Duration.ofSeconds(30));
            JsonNode frankHeard = frank.await("heard", Duration.ofSeconds(30));
            List<String> ingressEvents = events.stream().filter(f -> f.path("type").asText().startsWith("ingress_"))
                    .map(f -> f.path("type").asText() + " " + f.path("data").path("ingress").path("ingressId").asText()).toList();
            assertEquals(List.of(), ingressEvents, "no ingress ended or started again across the update");
            // deleting the SRT ingress ends its input: the participant leaves
            assertEquals(200, call(gw, "DELETE", "/ingresses/" + srtId, null).statusCode());
            GatewayProcess.awaitEvent(events, f -> f.path("type").asText().equals("ingress_ended")
                    && f.path("data").path("ingress").path("ingressId").asText().equals(srtId), "the SRT ingress ended by its deletion", Duration.ofSeconds(10));

            // the new revision ends the pushes it took over: the encoder's DELETE, and deleting the ingress
            HttpResponse<String> deleted = gw.send(HttpRequest.newBuilder(java.net.URI.create(whipLocation)).header("Authorization", "Bearer " + whipKey)
                    .DELETE().build());
            assertEquals(200, deleted.statusCode(), deleted.body());
            JsonNode completed = poll(gw, "/ingresses?ingressId=" + whipId, j -> j.path("ingresses").path(0).path("state").path("status").asText()
                    .equals("ENDPOINT_COMPLETE"), "the WHIP ingress complete after the DELETE").path("ingresses").path(0).path("state");
            assertTrue(completed.path("error").asText().contains("DELETE"), completed.toString());
            assertEquals(200, call(gw, "DELETE", "/ingresses/" + whip2Id, null).statusCode());
            poll(gw, "/rooms/" + ROOM + "/participants", j -> !j.toString().contains("\"encoder\"") && !j.toString().contains("\"encoder2\"")
                    && !j.toString().contains("\"srt-encoder\""), "the encoders' participants gone");

            JsonNode heard = carol.await("heard", Duration.ofSeconds(60));
            System.out.printf("listener across the updates: %d frames, %d gaps, %d frames missing, longest wait between frames %d ms "
                            + "(after rest %s, after egress %s, after ingress %s); tone %.0f (%.1f at 1.5 x)%n",
                    heard.path("frames").asLong(), heard.path("gaps").asLong(), heard.path("missing").asLong(), heard.path("stallMs").asLong(),
                    afterRest, afterEgress, afterIngress, heard.path("tone").asDouble(), heard.path("off").asDouble());
            System.out.printf("answering again after the update: gateway.rooms.rest %d ms, gateway.rooms.egress %d ms (recording gap %d ms), "
                    + "gateway.rooms.ingress %d ms (ingresses listed again)%n", restMs, egressMs, gapMs, ingressMs);
            System.out.printf("listener's longest wait between two frames during each update: rest %d ms, egress %d ms, ingress %d ms%n",
                    restStall, egressStall, ingressStall);
            System.out.printf("WHIP ingress push across the update of gateway.rooms.ingress: its listener's longest wait between two frames "
                            + "%d ms; in all %d frames, %d gaps, %d frames missing, tone %.0f (%.1f at 1.5 x); after the update %s%n",
                    pushStall, daveHeard.path("frames").asLong(), daveHeard.path("gaps").asLong(), daveHeard.path("missing").asLong(),
                    daveHeard.path("tone").asDouble(), daveHeard.path("off").asDouble(), daveAfter);
            for (var p : List.of(List.of("URL (Icecast) pull", erinHeard, pullStall, erinAfter), List.of("SRT push", frankHeard, srtStall, frankAfter))) {
                JsonNode h = (JsonNode) p.get(1);
                System.out.printf("%s across the update of gateway.rooms.ingress: its listener's longest wait between two frames %d ms; in all "
                                + "%d frames, %d gaps, %d frames missing, tone %.0f (%.1f at 1.5 x); after the update %s%n", p.get(0), (Long) p.get(2),
                        h.path("frames").asLong(), h.path("gaps").asLong(), h.path("missing").asLong(), h.path("tone").asDouble(), h.path("off").asDouble(), p.get(3));
                assertTrue(h.path("tone").asDouble() > 1000 && h.path("off").asDouble() < h.path("tone").asDouble() / 30, p.get(0) + ": " + h);
                assertTrue(h.path("frames").asLong() >= 10 * 50 * 8 / 10, p.get(0) + " heard for 10 s: " + h);
            }
            assertTrue(daveHeard.path("tone").asDouble() > 1000 && daveHeard.path("off").asDouble() < daveHeard.path("tone").asDouble() / 30,
                    "dave heard the encoder's 880 Hz: " + daveHeard);
            assertTrue(heard.path("frames").asLong() >= 30 * 50 * 8 / 10, "the listener heard 30 s of the publisher: " + heard);
            assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30, heard.toString());
            assertEquals(aliceSid, JSON.readTree(call(gw, "GET", "/rooms/" + ROOM + "/participants/alice", null).body()).path("participant").path("sid").asText());

            // 4. a restart of the gateway: the ingresses are kept in data/, the pull that ran pulls again
            alice.process().destroy();
            assertEquals(0, gw.stop());
            gw = gw.restart();
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            JsonNode restarted = poll(gw, "/ingresses?ingressId=" + pullId, j -> j.path("ingresses").path(0).path("state").path("status").asText()
                    .equals("ENDPOINT_PUBLISHING"), "the URL ingress pulling after the restart").path("ingresses").path(0);
            assertEquals(ROOM, restarted.path("roomName").asText(), restarted.toString());
            JsonNode whipRestarted = poll(gw, "/ingresses?ingressId=" + whipId, j -> j.path("ingresses").size() == 1, "the WHIP ingress after the restart")
                    .path("ingresses").path(0);
            assertEquals(whipKey, whipRestarted.path("streamKey").asText(), whipRestarted.toString());
            assertEquals("icecast", JSON.readTree(call(gw, "GET", "/rooms/" + ROOM + "/participants/icecast", null).body())
                    .path("participant").path("identity").asText(), "the pulled mount is a participant again");
        } finally {
            if (alice != null) alice.process().destroy();
            if (carol != null) carol.process().destroy();
            for (WhipPeers.Publisher p : java.util.Arrays.asList(encoder, encoder2, dave, erin, frank)) if (p != null) p.process().destroy();
            if (srtPush != null) srtPush.destroy();
            if (feed != null) feed.destroy();
            icecast.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            gw.close();
        }
    }
}
