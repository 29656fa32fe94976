package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joining a room without a LiveKit client: aiortc publishes a tone over WHIP ({@code /rtc/room/whip}) with a
 * participant token minted by livekit-server-sdk's AccessToken; the room shows the participant and its track, the
 * track is a live stream with room, participant and track in its metadata, and the room's decisions act on the
 * WebRTC session: mute stops forwarding, removal and a revoked {@code canPublish} end it, a listen-only token cannot
 * publish.
 */
class RoomsWhipTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "APIwhipTestKey1";
    private static final String SECRET = "whip-test-secret-of-forty-three-characters";
    private static final String[] AUTH = WhepPlaybackTest.AUTH;

    @TempDir
    Path tmp;

    private static String mint(String identity, String room, boolean canPublish) throws Exception {
        Path script = RoomsApiTest.script("mint.mjs");
        Process p = new ProcessBuilder("node", script.toString(), KEY, SECRET, identity, room, String.valueOf(canPublish))
                .directory(script.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    private static HttpResponse<String> call(GatewayProcess gw, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).header(AUTH[0], AUTH[1]).header("Content-Type", "application/json");
        return gw.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A participant's data feed ({@code GET /rtc/room/data}), its SSE events as {@code {"event", "data"}} once it is open. */
    private static WhipPeers.Reports dataFeed(GatewayProcess gw, String token) throws Exception {
        WhipPeers.Reports feed = new WhipPeers.Reports();
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        HttpResponse<java.util.stream.Stream<String>> r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/rtc/room/data"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        Thread.ofVirtual().start(() -> {
            String event = null;
            for (var it = r.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith(": connected")) open.countDown();
                else if (line.startsWith("event: ")) event = line.substring(7);
                else if (line.startsWith("data: ")) {
                    try {
                        feed.add(JSON.createObjectNode().put("event", event).set("data", JSON.readTree(line.substring(6))));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            feed.end();
        });
        assertTrue(open.await(10, TimeUnit.SECONDS), "the feed opened");
        return feed;
    }

    /** An aiortc WHEP listener (test resource whep/aiortc_play.py) with a participant token, measuring the level at {@code hz}. */
    private static WhipPeers.Publisher listener(String endpoint, String token, double seconds, int hz) throws Exception {
        Path script = Path.of(RoomsWhipTest.class.getResource("/whep/aiortc_play.py").toURI());
        Process p = new ProcessBuilder(WhipPeers.PYTHON.toString(), script.toString(), endpoint, "--seconds", String.valueOf(seconds),
                "--token", token, "--hz", String.valueOf(hz)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        WhipPeers.Reports reports = new WhipPeers.Reports();
        Thread.ofVirtual().start(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) reports.add(JSON.readTree(line));
            } catch (java.io.IOException ended) {
                // the process ended
            } finally {
                reports.end();
            }
        });
        return new WhipPeers.Publisher(p, reports);
    }

    /** An aiortc WHEP listener of {@code slots} receive-only transceivers on one connection (test resource rooms/aiortc_slots.py). */
    private static WhipPeers.Publisher slotListener(String endpoint, String token, int slots, double seconds) throws Exception {
        Path script = RoomsApiTest.script("aiortc_slots.py");
        Process p = new ProcessBuilder(WhipPeers.PYTHON.toString(), script.toString(), endpoint, "--token", token, "--slots", String.valueOf(slots),
                "--seconds", String.valueOf(seconds), "--hz", "440,660").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        WhipPeers.Reports reports = new WhipPeers.Reports();
        Thread.ofVirtual().start(() -> {
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) reports.add(JSON.readTree(line));
            } catch (java.io.IOException ended) {
                // the process ended
            } finally {
                reports.end();
            }
        });
        return new WhipPeers.Publisher(p, reports);
    }

    /** @return the tone (440 or 660) a slot of a {@code levels} line hears clearly, 0 for silence, -1 for anything else */
    private static int toneOf(JsonNode slot) {
        double a = slot.path("440").asDouble();
        double b = slot.path("660").asDouble();
        if (slot.path("frames").asInt() == 0 || (a < 100 && b < 100)) return 0;
        if (a > 1000 && b < a / 30) return 440;
        if (b > 1000 && a < b / 30) return 660;
        return -1;
    }

    /** Waits for a {@code levels} line, after the first {@code from} lines, whose slots hear exactly {@code tones} (0 = a silent slot). */
    private static JsonNode awaitSlots(WhipPeers.Publisher listener, int from, Duration within, int... tones) throws InterruptedException {
        java.util.List<Integer> want = java.util.Arrays.stream(tones).sorted().boxed().toList();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.List<JsonNode> lines = listener.lines();
            for (int i = from; i < lines.size(); i++) {
                JsonNode l = lines.get(i);
                if (!l.path("event").asText().equals("levels")) continue;
                java.util.List<Integer> heard = new java.util.ArrayList<>();
                l.path("slots").forEach(s -> heard.add(toneOf(s)));
                heard.sort(null);
                if (heard.equals(want)) return l;
            }
            if (!listener.process().isAlive()) break;
            Thread.sleep(200);
        }
        throw new AssertionError("no second in which the slots heard " + want + ": " + listener.lines());
    }

    private static long packets(GatewayProcess gw, String stream) throws Exception {
        return JSON.readTree(gw.get("/streams/" + stream, AUTH).body()).path("packets").asLong();
    }

    @Test
    void aiortcJoinsWithAnSdkTokenPublishesATrackAndTheRoomControlsItsSession() throws Exception {
        WhipPeers.requireAiortc();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            String whip = gw.uri("/rtc/room/whip").toString();

            // a listen-only token cannot publish; a token signed with another secret is refused
            WhipPeers.Publisher listener = WhipPeers.aiortc(whip, "--seconds", "1", "--token", mint("eve", "call", false));
            assertEquals(403, listener.reports().await("event", "error", null, Duration.ofSeconds(30)).path("status").asInt());
            String forged = mint("mallory", "call", true);
            forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA" + forged.substring(forged.lastIndexOf('.') + 5);
            WhipPeers.Publisher forger = WhipPeers.aiortc(whip, "--seconds", "1", "--token", forged);
            assertEquals(401, forger.reports().await("event", "error", null, Duration.ofSeconds(30)).path("status").asInt());

            long before = System.nanoTime();
            String aliceToken = mint("alice", "call", true);
            WhipPeers.Publisher alice = WhipPeers.aiortc(whip, "--seconds", "60", "--keep", "--hz", "440", "--token", aliceToken);
            alice.await("connected", Duration.ofSeconds(30));
            double joinMs = (System.nanoTime() - before) / 1e6;

            JsonNode participants = JSON.readTree(call(gw, "GET", "/rooms/call/participants", null).body()).path("participants");
            assertEquals(1, participants.size(), participants.toString());
            JsonNode p = participants.get(0);
            assertEquals("alice", p.path("identity").asText());
            assertEquals("alice (sdk)", p.path("name").asText());
            assertTrue(p.path("sid").asText().startsWith("PA_"));
            JsonNode track = p.path("tracks").get(0);
            assertEquals("AUDIO", track.path("type").asText());
            assertEquals("audio/opus", track.path("mimeType").asText());
            String trackSid = track.path("sid").asText();
            String stream = track.path("stream").asText();
            JsonNode live = JSON.readTree(gw.get("/streams/" + stream, AUTH).body());
            assertEquals("call", live.path("metadata").path("room").asText(), live.toString());
            assertEquals("alice", live.path("metadata").path("participant").asText());
            assertEquals(p.path("sid").asText(), live.path("metadata").path("participantSid").asText());
            assertEquals(trackSid, live.path("metadata").path("track").asText());
            assertEquals("webrtc", live.path("origin").asText());

            // packets flow; muting the track stops forwarding and shows it muted
            long flowing = packets(gw, stream);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (packets(gw, stream) < flowing + 25 && System.nanoTime() < deadline) Thread.sleep(50); // waiting for packets to count
            assertTrue(packets(gw, stream) >= flowing + 25, "the publisher's packets reach its stream");
            HttpResponse<String> muted = call(gw, "POST", "/rooms/call/participants/alice/mute", "{\"trackId\": \"" + trackSid + "\"}");
            assertEquals(200, muted.statusCode(), muted.body());
            assertTrue(JSON.readTree(muted.body()).path("track").path("muted").asBoolean(), muted.body());
            long atMute = packets(gw, stream);
            Thread.sleep(1000); // an observation window: a muted track gains no packets in it
            long afterMute = packets(gw, stream);
            assertTrue(afterMute - atMute <= 2, "forwarding stopped: " + atMute + " -> " + afterMute);
            System.out.printf("aiortc joined room 'call' in %.0f ms (SDK mint, aiortc start, offer, ICE+DTLS connected); muting: %d -> %d packets in 1 s%n", joinMs, atMute, afterMute);

            // data sent to the room reaches the participant's data feed, opened with its token
            WhipPeers.Reports feed = dataFeed(gw, aliceToken);
            assertEquals("{\"message\":\"Data message sent\"}", call(gw, "POST", "/rooms/call/send-data", "{\"data\": {\"some\": \"data\"}}").body());
            JsonNode data = feed.await("event", "data", null, Duration.ofSeconds(10)).path("data");
            assertEquals("chat", data.path("topic").asText(), data.toString());
            assertEquals("{\"some\":\"data\"}", data.path("text").asText());

            // removing the participant ends its WebRTC session and its stream
            HttpResponse<String> removed = call(gw, "DELETE", "/rooms/call/participants/alice", null);
            assertEquals("{\"message\":\"Participant removed\"}", removed.body());
            JsonNode ended = WhipPeers.awaitEvent(events, "rtc-publish-ended", Duration.ofSeconds(10));
            assertEquals("removed", ended.path("data").path("cause").asText(), ended.toString());
            assertEquals(stream, ended.path("data").path("stream").asText());
            assertEquals("{\"participants\":[]}", call(gw, "GET", "/rooms/call/participants", null).body());
            assertEquals("removed from the room", feed.await("event", "ended", null, Duration.ofSeconds(10)).path("data").path("reason").asText());
            alice.process().destroy();

            // the tutorial's participant update revokes canPublish: publishing ends and the participant leaves
            WhipPeers.Publisher bob = WhipPeers.aiortc(whip, "--seconds", "60", "--keep", "--token", mint("bob", "call", true));
            bob.await("connected", Duration.ofSeconds(30));
            HttpResponse<String> patched = call(gw, "PATCH", "/rooms/call/participants/bob", "{\"metadata\": \"listener now\"}");
            assertEquals(200, patched.statusCode(), patched.body());
            assertEquals(false, JSON.readTree(patched.body()).path("participant").path("permission").path("canPublish").asBoolean(true));
            JsonNode unpublished = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("rtc-publish-ended")
                    && f.path("data").path("cause").asText().equals("unpublished"), "bob's publishing ended", Duration.ofSeconds(10));
            assertTrue(unpublished.path("data").path("reason").asText().contains("canPublish"), unpublished.toString());
            bob.process().destroy();
        }
    }

    @Test
    void livekitServerSdkManagesParticipantsThatPublishOverWhip() throws Exception {
        WhipPeers.requireAiortc();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            String whip = gw.uri("/rtc/room/whip").toString();
            WhipPeers.Publisher alice = WhipPeers.aiortc(whip, "--seconds", "60", "--keep", "--hz", "440", "--token", mint("alice", "sdk", true));
            WhipPeers.Publisher bob = WhipPeers.aiortc(whip, "--seconds", "60", "--keep", "--hz", "660", "--token", mint("bob", "sdk", true));
            alice.await("connected", Duration.ofSeconds(30));
            bob.await("connected", Duration.ofSeconds(30));
            JsonNode seen = new RoomsApiTest().node(tmp, "livekit_participants.mjs", "http://127.0.0.1:" + gw.port, KEY, SECRET, "sdk");
            assertEquals("alice", seen.path("alice").path("identity").asText(), seen.toString());
            // RemoveParticipant ended alice's session, UpdateParticipant without canPublish ended bob's publishing
            JsonNode removed = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("rtc-publish-ended")
                    && f.path("data").path("cause").asText().equals("removed"), "alice removed", Duration.ofSeconds(10));
            JsonNode unpublished = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("rtc-publish-ended")
                    && f.path("data").path("cause").asText().equals("unpublished"), "bob unpublished", Duration.ofSeconds(10));
            assertTrue(removed.path("data").path("packets").asLong() > 0 && unpublished.path("data").path("packets").asLong() > 0);
            alice.process().destroy();
            bob.process().destroy();
        }
    }

    @Test
    void emptyRoomsCloseAfterTheirTimeoutsAndAFullRoomRefusesOneMorePublisher() throws Exception {
        WhipPeers.requireAiortc();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        Files.writeString(home.resolve("etc/gateway.rooms.cfg"), "emptyTimeoutSeconds = 2\ndepartureTimeoutSeconds = 1\nmaxParticipants = 1\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            // nobody joins: the room closes after its empty timeout
            assertEquals(201, call(gw, "POST", "/rooms", "{\"roomName\": \"lonely\"}").statusCode());
            long created = System.nanoTime();
            JsonNode finished = WhipPeers.awaitEvent(events, "room_finished", Duration.ofSeconds(10));
            double emptyAfter = (System.nanoTime() - created) / 1e9;
            assertEquals("lonely", finished.path("data").path("room").path("name").asText());
            assertTrue(emptyAfter >= 1.9 && emptyAfter < 4, "closed about 2 s after its creation: " + emptyAfter);

            // one participant at most: a second publisher is refused; the room closes 1 s after its participant left
            String whip = gw.uri("/rtc/room/whip").toString();
            WhipPeers.Publisher alice = WhipPeers.aiortc(whip, "--seconds", "3", "--token", mint("alice", "duo", true));
            alice.await("connected", Duration.ofSeconds(30));
            WhipPeers.Publisher bob = WhipPeers.aiortc(whip, "--seconds", "1", "--token", mint("bob", "duo", true));
            JsonNode refused = bob.reports().await("event", "error", null, Duration.ofSeconds(30));
            assertEquals(409, refused.path("status").asInt(), refused.toString());
            assertTrue(refused.path("body").asText().contains("participants already"), refused.toString());
            JsonNode deleted = alice.await("deleted", Duration.ofSeconds(30));
            assertEquals(200, deleted.path("status").asInt());
            long left = System.nanoTime();
            JsonNode duoFinished = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("room_finished")
                    && f.path("data").path("room").path("name").asText().equals("duo"), "duo finished", Duration.ofSeconds(10));
            double departureAfter = (System.nanoTime() - left) / 1e9;
            assertTrue(departureAfter < 3, "closed about 1 s after the last participant left: " + departureAfter);
            System.out.printf("empty room closed after %.2f s (emptyTimeout 2 s); left room after %.2f s (departureTimeout 1 s); %s%n",
                    emptyAfter, departureAfter, duoFinished.path("data").path("room").path("sid").asText());
            assertTrue(GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("participant_left")
                    && f.path("data").path("participant").path("identity").asText().equals("alice"), "alice left", Duration.ZERO) != null);
        }
    }

    @Test
    void aListenerWithAListenOnlyTokenHearsTheTracksItSubscribesToUntilItIsUnsubscribed() throws Exception {
        WhipPeers.requireAiortc();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        try (GatewayProcess gw = WhepPlaybackTest.gateway(home, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            String whip = gw.uri("/rtc/room/whip").toString();
            WhipPeers.Publisher alice = WhipPeers.aiortc(whip, "--seconds", "60", "--keep", "--hz", "440", "--token", mint("alice", "radio", true));
            WhipPeers.Publisher bob = WhipPeers.aiortc(whip, "--seconds", "60", "--keep", "--hz", "660", "--token", mint("bob", "radio", true));
            alice.await("connected", Duration.ofSeconds(30));
            bob.await("connected", Duration.ofSeconds(30));
            String aliceTrack = JSON.readTree(call(gw, "GET", "/rooms/radio/participants/alice", null).body()).path("participant").path("tracks").get(0).path("sid").asText();
            String bobTrack = JSON.readTree(call(gw, "GET", "/rooms/radio/participants/bob", null).body()).path("participant").path("tracks").get(0).path("sid").asText();

            String carol = mint("carol", "radio", false);
            WhipPeers.Publisher hearsAlice = listener(gw.uri("/rtc/room/whep/" + aliceTrack).toString(), carol, 4, 440);
            WhipPeers.Publisher hearsBob = listener(gw.uri("/rtc/room/whep/" + bobTrack).toString(), carol, 20, 660);
            JsonNode a = hearsAlice.await("heard", Duration.ofSeconds(30));
            JsonNode carolInRoom = JSON.readTree(call(gw, "GET", "/rooms/radio/participants/carol", null).body()).path("participant");
            assertEquals(false, carolInRoom.path("permission").path("canPublish").asBoolean(true), carolInRoom.toString());
            System.out.printf("carol (listen-only) hears alice's 440 Hz at %.0f (%.1f at 660 Hz)%n", a.path("tone").asDouble(), a.path("off").asDouble());
            assertTrue(a.path("tone").asDouble() > 1000 && a.path("off").asDouble() < a.path("tone").asDouble() / 30, a.toString());
            JsonNode bobConnected = hearsBob.await("first-frame", Duration.ofSeconds(30));
            assertTrue(bobConnected != null);

            // the listen-only token cannot publish; unsubscribing carol from bob's track ends that playback
            WhipPeers.Publisher refused = WhipPeers.aiortc(whip, "--seconds", "1", "--token", carol);
            assertEquals(403, refused.reports().await("event", "error", null, Duration.ofSeconds(30)).path("status").asInt());
            HttpResponse<String> unsubscribed = call(gw, "POST", "/rooms/radio/participants/carol/unsubscribe", "{\"trackIds\": [\"" + bobTrack + "\"]}");
            assertEquals("{\"message\":\"Participant unsubscribed from tracks\"}", unsubscribed.body());
            JsonNode ended = GatewayProcess.awaitEvent(events.all(), f -> f.path("type").asText().equals("whep-ended")
                    && f.path("data").path("reason").asText().contains("unsubscribed"), "carol's playback of bob ended", Duration.ofSeconds(10));
            assertTrue(ended.path("data").path("reason").asText().contains(bobTrack), ended.toString());
            // a track of nobody else, and a token of another secret, are refused
            HttpResponse<String> ownTrack = gw.send(HttpRequest.newBuilder(gw.uri("/rtc/room/whep/TR_nonexistent1")).header("Content-Type", "application/sdp")
                    .header("Authorization", "Bearer " + carol).POST(HttpRequest.BodyPublishers.ofString("v=0")).build());
            assertEquals(404, ownTrack.statusCode(), ownTrack.body());
            // one connection of two slots hears both publishers; unsubscribed from bob, his slot goes silent, and
            // subscribed again, he is back in a slot; muting alice (last: the
            // tutorial's mute has no unmute) frees hers
            String dave = mint("dave", "radio", false);
            WhipPeers.Publisher hearsRoom = slotListener(gw.uri("/rtc/room/whep").toString(), dave, 2, 40);
            JsonNode answered = hearsRoom.await("answered", Duration.ofSeconds(30));
            assertEquals(2, answered.path("mids").size(), answered.toString());
            JsonNode both = awaitSlots(hearsRoom, 0, Duration.ofSeconds(20), 440, 660);
            System.out.println("dave hears both on one connection: " + both.path("slots"));
            int seen = hearsRoom.lines().size();
            assertEquals(200, call(gw, "POST", "/rooms/radio/participants/dave/unsubscribe", "{\"trackIds\": [\"" + bobTrack + "\"]}").statusCode());
            System.out.println("without bob: " + awaitSlots(hearsRoom, seen, Duration.ofSeconds(10), 0, 440).path("slots"));
            seen = hearsRoom.lines().size();
            assertEquals(200, call(gw, "POST", "/rooms/radio/participants/dave/subscribe", "{\"trackIds\": [\"" + bobTrack + "\"]}").statusCode());
            System.out.println("bob again: " + awaitSlots(hearsRoom, seen, Duration.ofSeconds(10), 440, 660).path("slots"));
            seen = hearsRoom.lines().size();
            assertEquals(200, call(gw, "POST", "/rooms/radio/participants/alice/mute", "{\"trackId\": \"" + aliceTrack + "\", \"muted\": true}").statusCode());
            System.out.println("alice muted: " + awaitSlots(hearsRoom, seen, Duration.ofSeconds(10), 0, 660).path("slots"));
            hearsRoom.process().destroy();

            hearsBob.process().destroy();
            alice.process().destroy();
            bob.process().destroy();
        }
    }
}
