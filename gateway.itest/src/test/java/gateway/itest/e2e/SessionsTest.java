package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Streaming sessions on the real executable, with clients nobody here wrote: curl for the session-storage API's
 * requests and answers, PyJWT for the tokens' contents, Python's {@code websockets} for the control socket, aiortc
 * for the publisher (WHIP at stream_url) and a subscriber (WHEP) that hears it through a passthrough task.
 *
 * <p>The tests share one gateway and run three at a time (they wait mostly on real-time audio and the original's rate
 * limits); only the update of the sessions plugin (then a change of its configuration and an update of
 * gateway.sessions.outputs, each of which ends or moves every session's control sockets or output tracks) has a gateway
 * of its own.
 */
class SessionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "APIsessionsKey1";
    private static final String SECRET = "sessions-test-secret-of-forty-three-chars-x";
    private static final String CLIENT = "client-one", CLIENT_SECRET = secretOf(CLIENT);
    /** One API client per test on the shared gateway, so that one test's sessions never count against another's limit. */
    private static final List<String> CLIENTS = List.of(CLIENT, "control", "passthrough", "socket", "retries", "deploy", "record", "fork");
    private static final String[] MANAGEMENT = WhepPlaybackTest.AUTH;

    /**
     * The gateway the tests share: every test but the plugin's update runs its sessions on it, each under its own API
     * client, and deletes them when it is done. Runs with a socket send buffer of a real network's size (see the
     * media-dropped test) and an existing deploy/ folder (the hot-deploy test).
     */
    private static GatewayProcess shared;
    /**
     * The gateway of the plugin's update, its configuration change and the outputs' update (which would close every
     * other test's control sockets or move their output tracks), started without
     * configured clients so that it generates one. Started with the shared one, before the tests load the machine.
     */
    private static GatewayProcess updateGateway;

    @TempDir
    static Path sharedTmp;

    private static String secretOf(String client) {
        return client + "-secret-0123456789";
    }

    @BeforeAll
    static void gateways() throws Exception {
        StringBuilder clients = new StringBuilder("clients = ");
        for (String c : CLIENTS) clients.append(c.equals(CLIENT) ? "" : ",").append(c).append(':').append(secretOf(c));
        Files.createDirectories(sharedTmp.resolve("shared/deploy"));
        // a socket send buffer of a real network's size: on loopback the kernel would grow it to megabytes (a minute of
        // media) before a service that stopped reading held anything up
        shared = launch(sharedTmp.resolve("shared"), clients + "\nmaxOpenSessionsPerClient = 4\n", "-Djdk.httpclient.sendBufferSize=16384");
        updateGateway = launch(sharedTmp.resolve("updated"), null, null);
        awaitSessions(shared); // the update's test waits for its own gateway: the other tests need not
    }

    @AfterAll
    static void stopGateways() throws InterruptedException {
        if (shared != null) shared.close();
        if (updateGateway != null) updateGateway.close();
    }

    /** Starts a gateway with the rooms' keys and the sessions' configuration (null for none) in its home; does not wait. */
    private static GatewayProcess launch(Path home, String sessionsCfg, String javaOptions) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.rooms.keys.cfg"), "apiKey = " + KEY + "\napiSecret = " + SECRET + "\n");
        if (sessionsCfg != null) Files.writeString(home.resolve("etc/gateway.sessions.cfg"), sessionsCfg);
        Files.writeString(home.resolve("etc/gateway.http.cfg"), "managementToken = " + WhepPlaybackTest.TOKEN + "\n");
        Files.writeString(home.resolve("etc/gateway.webrtc.cfg"), "udpPort = " + WhipPeers.freeUdpPort() + "\n");
        return GatewayProcess.start(home, "127.0.0.1", javaOptions);
    }

    /** Waits until the gateway serves, the sessions plugin included (two start at once: a minute each). */
    private static void awaitSessions(GatewayProcess gw) throws Exception {
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(60));
        gw.awaitLog("WHEP playback ready", Duration.ofSeconds(30));
        // the plugin serves once its resource is registered: 401 to a request without credentials
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (curl(gw, "GET", "/session-storage/sessions", null).status != 401) {
            if (System.nanoTime() > deadline) throw new AssertionError("the session-storage API did not come up:\n" + gw.console());
            Thread.sleep(100); // polling an HTTP answer, not synchronising threads
        }
    }

    /** Creates a session for one of the shared gateway's clients; returns its data. */
    private static JsonNode session(String client, int subscribers) throws Exception {
        Answer a = curl(shared, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": " + subscribers + "}}",
                "ClientID", client, "ClientSecret", secretOf(client));
        assertEquals(200, a.status, a.body);
        return a.json().path("data");
    }

    /** Deletes a session of the shared gateway, ending what it holds (its room, its task), once its test is done. */
    private static void delete(String client, JsonNode session) throws Exception {
        curl(shared, "DELETE", "/session-storage/sessions/" + session.path("id").asText(), null, "ClientID", client, "ClientSecret", secretOf(client));
    }

    /** A curl answer: status and body. */
    record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static Answer curl(GatewayProcess gw, String method, String path, String body, String... headers) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", method));
        for (int i = 0; i + 1 < headers.length; i += 2) cmd.addAll(List.of("-H", headers[i] + ": " + headers[i + 1]));
        if (body != null) cmd.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", body));
        cmd.add(gw.uri(path).toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished");
        int nl = out.lastIndexOf('\n');
        return new Answer(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, nl));
    }

    private static Answer client(GatewayProcess gw, String method, String path, String body) throws Exception {
        return curl(gw, method, path, body, "clientid", CLIENT, "CLIENTSECRET", CLIENT_SECRET);
    }

    private static JsonNode python(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(WhipPeers.PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), script + " finished");
        assertEquals(0, p.exitValue(), script.getFileName() + " failed:\n" + out);
        String[] lines = out.trim().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static Path script(String name) throws Exception {
        return Path.of(SessionsTest.class.getResource("/sessions/" + name).toURI());
    }

    private static void assertError(Answer a, int status, String code) throws Exception {
        assertEquals(status, a.status, a.body);
        JsonNode e = a.json();
        assertFalse(e.path("ok").asBoolean(true), a.body);
        JsonNode first = e.path("errors").get(0);
        assertEquals(status, first.path("status").asInt(), a.body);
        assertEquals(code, first.path("error_code").asText(), a.body);
        for (String f : new String[] {"type", "title", "detail", "instance"}) assertTrue(first.hasNonNull(f), f + " in " + a.body);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theDocumentsRequestCreatesARoomWithTokensAndTheApiListsExtendsDeletesAndExpiresSessions() throws Exception {
        GatewayProcess gw = shared;
        {
            WhipPeers.Reports events = WhipPeers.events(gw);
            // the document's request, as it is written
            Answer created = client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 3}}");
            assertEquals(200, created.status, created.body);
            JsonNode body = created.json();
            assertTrue(body.path("ok").asBoolean(), created.body);
            JsonNode data = body.path("data");
            assertEquals(1, data.path("publisher").size());
            assertEquals(3, data.path("subscriber").size());
            String room = data.path("room_name").asText();
            assertEquals("http://127.0.0.1:" + gw.port + "/rtc/room", data.path("stream_url").asText());
            assertEquals("ws://127.0.0.1:" + gw.port + "/speech-to-speech/stream", data.path("control_url").asText());
            String id = data.path("id").asText();
            assertTrue(data.has("intent"), created.body);

            // the tokens, read by PyJWT with the rooms' secret
            JsonNode pub = python(script("jwt_claims.py"), SECRET, KEY, data.path("publisher").get(0).asText());
            assertEquals(room, pub.path("video").path("room").asText());
            assertTrue(pub.path("video").path("roomJoin").asBoolean());
            assertTrue(pub.path("video").path("canPublish").asBoolean());
            assertEquals("refused", pub.path("_wrong_secret").asText());
            JsonNode pubMeta = JSON.readTree(pub.path("metadata").asText());
            assertEquals(id, pubMeta.path("session_id").asText());
            assertEquals("[\"read\",\"write\",\"edit\"]", pubMeta.path("rights").toString());
            JsonNode sub = python(script("jwt_claims.py"), SECRET, KEY, data.path("subscriber").get(2).asText());
            assertFalse(sub.path("video").path("canPublish").asBoolean(true), sub.toString());
            assertTrue(sub.path("video").path("canSubscribe").asBoolean(), sub.toString());
            assertEquals("[\"read\",\"edit\"]", JSON.readTree(sub.path("metadata").asText()).path("rights").toString());
            assertNotEquals(pub.path("sub").asText(), sub.path("sub").asText());
            // the room exists with room for the four participants and the tracks of up to 8 processors
            JsonNode rooms = JSON.readTree(gw.get("/rooms?roomName=" + room, MANAGEMENT).body()).path("rooms");
            assertEquals(1, rooms.size(), rooms.toString());
            assertEquals(4 + 8, rooms.get(0).path("maxParticipants").asInt(), rooms.toString());

            // credentials, bodies and limits
            assertError(curl(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 1}}",
                    "ClientID", CLIENT, "ClientSecret", "wrong"), 401, "INVALID_CREDENTIALS");
            assertError(curl(gw, "GET", "/session-storage/sessions", null), 401, "INVALID_CREDENTIALS");
            assertError(client(gw, "POST", "/session-storage/sessions", "{\"data\": "), 400, "BAD_REQUEST");
            assertError(client(gw, "POST", "/session-storage/sessions", "{\"publisher_count\": 1}"), 400, "BAD_REQUEST");
            assertError(client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 2, \"subscriber_count\": 1}}"), 422, "VALIDATION_ERROR");
            assertError(client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 11}}"), 422, "VALIDATION_ERROR");
            assertError(client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": \"3\"}}"), 422, "VALIDATION_ERROR");
            assertEquals(200, client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 10, "
                    + "\"publisher_can_subscribe\": true, \"intent\": \"ten\"}}").status);
            // the limit (4) holds for requests that arrive together: of six at once, the two sessions left are created
            List<java.util.concurrent.Future<Answer>> together = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
                for (int i = 0; i < 6; i++) {
                    together.add(pool.submit(() -> client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 1}}")));
                }
            }
            int createdTogether = 0;
            for (var f : together) {
                Answer a = f.get();
                if (a.status == 200) createdTogether++;
                else assertError(a, 429, "TOO_MANY_SESSIONS");
            }
            assertEquals(2, createdTogether);
            assertError(client(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 1}}"), 429, "TOO_MANY_SESSIONS");

            // paging: 4 sessions, 3 a page
            Answer first = client(gw, "GET", "/session-storage/sessions?page_size=3", null);
            assertEquals(200, first.status, first.body);
            assertEquals(3, first.json().path("data").size(), first.body);
            assertEquals(id, first.json().path("data").get(0).path("id").asText());
            String next = first.json().path("next_page_token").asText();
            assertFalse(next.isEmpty(), first.body);
            Answer second = client(gw, "GET", "/session-storage/sessions?page_size=3&page_token=" + next, null);
            assertEquals(1, second.json().path("data").size(), second.body);
            assertTrue(second.json().path("next_page_token").isNull(), second.body);
            assertError(client(gw, "GET", "/session-storage/sessions?page_token=forged", null), 400, "BAD_REQUEST");
            assertError(client(gw, "GET", "/session-storage/sessions?page_size=0", null), 400, "BAD_REQUEST");

            // get, extend, delete
            Answer got = client(gw, "GET", "/session-storage/sessions/" + id, null);
            assertEquals(200, got.status, got.body);
            Instant expires = Instant.parse(got.json().path("data").path("expires_at").asText());
            assertEquals(204, client(gw, "POST", "/session-storage/sessions/" + id + "?ttl_seconds=3600", null).status);
            Instant extended = Instant.parse(client(gw, "GET", "/session-storage/sessions/" + id, null).json().path("data").path("expires_at").asText());
            assertTrue(extended.isAfter(expires.plusSeconds(3000)), expires + " -> " + extended);
            assertError(client(gw, "POST", "/session-storage/sessions/" + id + "?ttl_seconds=soon", null), 400, "BAD_REQUEST");
            assertError(client(gw, "POST", "/session-storage/sessions/" + id + "?ttl_seconds=0", null), 422, "VALIDATION_ERROR");
            assertError(client(gw, "POST", "/session-storage/sessions/nope?ttl_seconds=10", null), 404, "NOT_FOUND");
            assertError(client(gw, "GET", "/session-storage/sessions/nope", null), 404, "NOT_FOUND");

            // a session nobody uses expires at expires_at: the last one, moved to one second from now
            String last = second.json().path("data").get(0).path("id").asText();
            assertEquals(204, client(gw, "POST", "/session-storage/sessions/" + last + "?ttl_seconds=1", null).status);
            JsonNode expired = GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-ended")
                    && e.path("data").path("id").asText().equals(last), "the session expired", Duration.ofSeconds(15));
            assertTrue(expired.path("data").path("reason").asText().startsWith("expired at "), expired.toString());
            assertError(client(gw, "GET", "/session-storage/sessions/" + last, null), 404, "NOT_FOUND");
            String lastRoom = expired.path("data").path("room").asText();
            assertEquals(0, JSON.readTree(gw.get("/rooms?roomName=" + lastRoom, MANAGEMENT).body()).path("rooms").size(), "the expired session's room ended");
            assertError(curl(gw, "DELETE", "/session-storage/sessions/" + id, null, "ClientID", "record", "ClientSecret", secretOf("record")), 404, "NOT_FOUND");
            assertEquals(204, client(gw, "DELETE", "/session-storage/sessions/" + id, null).status);
            assertError(client(gw, "GET", "/session-storage/sessions/" + id, null), 404, "NOT_FOUND");
            assertError(client(gw, "DELETE", "/session-storage/sessions/" + id, null), 404, "NOT_FOUND");
            JsonNode deleted = GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-ended")
                    && e.path("data").path("id").asText().equals(id), "the deleted session ended", Duration.ofSeconds(10));
            assertEquals("deleted", deleted.path("data").path("reason").asText());
            assertEquals(0, JSON.readTree(gw.get("/rooms?roomName=" + room, MANAGEMENT).body()).path("rooms").size(), "the session's room ended with it");
            assertFalse(gw.console().contains(CLIENT_SECRET), "the client secret is never logged");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theControlSocketAnswersEveryMessageTypeWithRightsRateLimitsAndErrors() throws Exception {
        GatewayProcess gw = shared;
        JsonNode data = session("control", 2);
        try {
            String id = data.path("id").asText();
            JsonNode seen = python(script("control.py"), data.path("control_url").asText(), data.path("publisher").get(0).asText(),
                    data.path("subscriber").get(0).asText(), data.path("subscriber").get(1).asText(),
                    gw.uri("/session-storage/sessions/" + id).toString(), "control", secretOf("control"));
            System.out.println("control socket: " + seen);
            assertEquals("deleted", seen.path("sessionEnded").asText());
            assertTrue(seen.path("unknownStage").asText().contains("passthrough"), seen.toString());
        } finally {
            delete("control", data);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aiortcPublishesAtStreamUrlAndASubscriberHearsItThroughAPassthroughTask() throws Exception {
        WhipPeers.requireAiortc();
        GatewayProcess gw = shared;
        JsonNode data = session("passthrough", 2);
        try {
            String streamUrl = data.path("stream_url").asText();
            String pub = data.path("publisher").get(0).asText();
            String sub = data.path("subscriber").get(0).asText();
            // a subscriber token cannot publish
            WhipPeers.Publisher refused = WhipPeers.aiortc(streamUrl + "/whip", "--seconds", "1", "--token", sub);
            assertEquals(403, refused.reports().await("event", "error", null, Duration.ofSeconds(30)).path("status").asInt());

            // the task is set before the publisher publishes: the control socket is told the track once it is there
            Process control = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("control_watch.py").toString(), data.path("control_url").asText(), sub)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            WhipPeers.Publisher publisher;
            String track;
            try {
                Lines seen = new Lines(control);
                new java.io.PrintWriter(new java.io.OutputStreamWriter(control.getOutputStream(), StandardCharsets.UTF_8), true)
                        .println("{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"passthrough\", \"config\": {}}]}}}");
                JsonNode answer = seen.await(n -> type(n, "current_task") || type(n, "error"), Duration.ofSeconds(20));
                assertEquals(0, answer.path("data").path("output_tracks").size(), answer.toString());
                publisher = WhipPeers.aiortc(streamUrl + "/whip", "--seconds", "60", "--keep", "--hz", "440", "--token", pub);
                publisher.await("connected", Duration.ofSeconds(30));
                // no get_task sent: the gateway sends current_task again when the subscribers' track appears
                JsonNode told = seen.await(n -> type(n, "current_task") && n.path("data").path("output_tracks").size() > 0, Duration.ofSeconds(20)).path("data");
                track = told.path("output_tracks").get(0).asText();
                assertTrue(track.startsWith("TR_"), told.toString());
            } finally {
                control.destroy();
            }
            Process listener = new ProcessBuilder(WhipPeers.PYTHON.toString(), Path.of(SessionsTest.class.getResource("/whep/aiortc_play.py").toURI()).toString(),
                    streamUrl + "/whep/" + track, "--seconds", "4", "--token", sub, "--hz", "440").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            JsonNode heard = null;
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.startsWith("{")) continue;
                    JsonNode n = JSON.readTree(line);
                    if ("heard".equals(n.path("event").asText())) heard = n;
                }
            }
            assertTrue(listener.waitFor(60, TimeUnit.SECONDS));
            assertTrue(heard != null, "the subscriber reported what it heard");
            System.out.printf("subscriber hears the publisher's 440 Hz at %.0f (%.1f off-tone)%n", heard.path("tone").asDouble(), heard.path("off").asDouble());
            assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30, heard.toString());
            publisher.process().destroy();
        } finally {
            delete("passthrough", data);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void audioSentOverTheControlSocketComesBackOverItAtItsFrequencyWhileAWebRtcSubscriberHearsIt() throws Exception {
        WhipPeers.requireAiortc();
        GatewayProcess gw = shared;
        JsonNode data = session("socket", 1);
        try {
            String sub = data.path("subscriber").get(0).asText();
            Process client = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("socket_audio.py").toString(), data.path("control_url").asText(),
                    data.path("publisher").get(0).asText(), "--hz", "440", "--seconds", "12").redirectErrorStream(true).start();
            try {
                Lines lines = new Lines(client);
                JsonNode task = lines.await(n -> n.has("task"), Duration.ofSeconds(30)).path("task");
                assertEquals("ws", task.path("input_stream").path("source").path("type").asText(), task.toString());
                assertEquals(16000, task.path("input_stream").path("source").path("sample_rate").asInt(), task.toString());
                assertEquals(24000, task.path("output_stream").path("target").path("sample_rate").asInt(), task.toString());
                assertEquals(2, task.path("output_stream").path("target").path("channels").asInt(), task.toString());
                JsonNode refused = lines.await(n -> n.has("refused"), Duration.ofSeconds(10)).path("refused");
                assertTrue(refused.path("NOT_FOUND").asText().contains("input_stream.source"), refused.toString());
                assertTrue(refused.path("VALIDATION_ERROR").asText().contains("641"), refused.toString());

                // the socket's audio is the session's input: a WebRTC subscriber hears it on the task's output track
                String track = task.path("output_tracks").get(0).asText();
                JsonNode heard = listen(data.path("stream_url").asText(), track, sub, 440);
                System.out.printf("socket input: a WHEP subscriber hears the socket's 440 Hz at %.0f (%.1f off-tone)%n",
                        heard.path("tone").asDouble(), heard.path("off").asDouble());
                assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30, heard.toString());

                // and the output comes back over the socket at the task's 24 kHz stereo, at the tone's frequency
                JsonNode back = lines.await(n -> n.has("socket_hz"), Duration.ofSeconds(60));
                System.out.println("socket output: " + back);
                assertTrue(Math.abs(back.path("socket_hz").asDouble() - 440) < 5, back.toString());
                assertTrue(back.path("socket_seconds").asDouble() > 10, back.toString());
                assertTrue(back.path("channels_equal").asBoolean(), back.toString());
                assertTrue(back.path("peak").asInt() > 4000, back.toString());
                lines.await(n -> n.has("last_chunk"), Duration.ofSeconds(20));
                assertTrue(client.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, client.exitValue());
            } finally {
                client.destroy();
            }
        } finally {
            delete("socket", data);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aWebsocketTaskRetriesItsFirstConnectReportsMediaDroppedForAServiceThatStopsReadingPingsItAndTimesOut() throws Exception {
        WhipPeers.requireAiortc();
        // a socket send buffer of a real network's size: on loopback the kernel would grow it to megabytes (a minute of
        // media) before a service that stopped reading held anything up
        GatewayProcess gw = shared;
        JsonNode data = session("retries", 1);
        try {
            WhipPeers.Reports events = WhipPeers.events(gw);
            WhipPeers.Publisher publisher = WhipPeers.aiortc(data.path("stream_url").asText() + "/whip", "--seconds", "120", "--keep", "--hz", "440",
                    "--token", data.path("publisher").get(0).asText());
            publisher.await("connected", Duration.ofSeconds(30));
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process control = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("control_watch.py").toString(), data.path("control_url").asText(),
                    data.path("subscriber").get(0).asText()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Process service = null;
            try {
                Lines seen = new Lines(control);
                var commands = new java.io.PrintWriter(new java.io.OutputStreamWriter(control.getOutputStream(), StandardCharsets.UTF_8), true);
                // nobody listens on the port yet: the first connect fails and is retried until the service is up
                commands.println("{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"websocket\", \"config\": "
                        + "{\"url\": \"ws://127.0.0.1:" + port + "/fork\", \"connect_retries\": 5, \"ping_interval\": 4}}]}}}");
                long t0 = System.nanoTime();
                seen.await(n -> n.path("message_type").asText().equals("current_task"), Duration.ofSeconds(20));
                JsonNode retrying = seen.await(n -> n.path("message_type").asText().equals("websocket_retrying"), Duration.ofSeconds(20)).path("data");
                assertEquals(1, retrying.path("attempt").asInt(), retrying.toString());
                service = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("stalling_service.py").toString(), "--port", String.valueOf(port),
                        "--stop-reading-after", "100").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Lines fork = new Lines(service);
                JsonNode connected = seen.await(n -> n.path("message_type").asText().equals("websocket_connected"), Duration.ofSeconds(30)).path("data");
                assertTrue(connected.path("attempt").asInt() >= 2, connected.toString());

                // the service stops reading: media beyond 100 unsent messages is dropped, and said so on the socket and /sse
                fork.await(n -> n.has("stopped_reading"), Duration.ofSeconds(30));
                double stoppedAt = (System.nanoTime() - t0) / 1e9;
                JsonNode dropped = seen.await(n -> n.path("message_type").asText().equals("websocket_media_dropped"), Duration.ofSeconds(60)).path("data");
                double droppedAt = (System.nanoTime() - t0) / 1e9;
                assertTrue(dropped.path("dropped").asLong() >= 1, dropped.toString());
                JsonNode onSse = GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-websocket-media-dropped"),
                        "media dropped on /sse", Duration.ofSeconds(10));
                assertEquals(data.path("id").asText(), onSse.path("data").path("id").asText(), onSse.toString());
                // its pings go unanswered too: three intervals without a pong fail (and stop) the run
                JsonNode failed = seen.await(n -> n.path("message_type").asText().equals("error")
                        && n.path("data").path("desc").asText().contains("no pong"), Duration.ofSeconds(30)).path("data");
                assertEquals("PROCESSOR_FAILED", failed.path("code").asText(), failed.toString());
                System.out.printf("websocket processor: %s -> %s; stopped reading at %.1f s, %s at %.1f s; %s at %.1f s%n", retrying, connected,
                        stoppedAt, dropped, droppedAt, failed, (System.nanoTime() - t0) / 1e9);

                // stream_timeout: the run stops streaming to a service that reads, which sees the socket close
                commands.println("{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"websocket\", \"config\": "
                        + "{\"url\": \"ws://127.0.0.1:" + port + "/fork\", \"stream_timeout\": 2}}]}}}");
                fork.await(n -> n.path("start").asInt() == 2, Duration.ofSeconds(20));
                JsonNode timedOut = seen.await(n -> n.path("message_type").asText().equals("websocket_stream_timeout"), Duration.ofSeconds(20)).path("data");
                assertEquals(2, timedOut.path("seconds").asInt(), timedOut.toString());
                JsonNode closed = fork.await(n -> n.path("connection").asInt() == 2, Duration.ofSeconds(20));
                assertEquals(1000, closed.path("closed").asInt(), closed.toString());
                publisher.process().destroy();
            } finally {
                control.destroy();
                if (service != null) service.destroy();
            }
        } finally {
            delete("retries", data);
        }
    }

    /** @return how many events of that type {@code /sse} has sent so far */
    private static int count(WhipPeers.Reports events, String type) {
        return (int) events.all().stream().filter(e -> e.path("type").asText().equals(type)).count();
    }

    private static boolean type(JsonNode message, String type) {
        return message.path("message_type").asText().equals(type);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aProcessorPluginHotDeployedDuringASessionIsUsedByTheNextTaskWithoutARestart() throws Exception {
        WhipPeers.requireAiortc();
        GatewayProcess gw = shared;
        JsonNode data = session("deploy", 1);
        try {
            WhipPeers.Reports events = WhipPeers.events(gw);
            WhipPeers.Publisher publisher = WhipPeers.aiortc(data.path("stream_url").asText() + "/whip", "--seconds", "120", "--keep", "--hz", "440",
                    "--token", data.path("publisher").get(0).asText());
            publisher.await("connected", Duration.ofSeconds(30));
            Process control = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("control_watch.py").toString(), data.path("control_url").asText(),
                    data.path("subscriber").get(0).asText()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Lines seen = new Lines(control);
                var commands = new java.io.PrintWriter(new java.io.OutputStreamWriter(control.getOutputStream(), StandardCharsets.UTF_8), true);
                String detect440 = "{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"tone-detect\", \"config\": {\"hz\": 440}}]}}}";
                // not installed yet: refused, naming the installed processors
                commands.println(detect440);
                JsonNode refused = seen.await(n -> type(n, "error"), Duration.ofSeconds(20)).path("data");
                assertEquals("VALIDATION_ERROR", refused.path("code").asText(), refused.toString());
                String installed = refused.path("desc").asText().substring(refused.path("desc").asText().indexOf("installed:"));
                assertTrue(installed.contains("passthrough") && !installed.contains("tone-detect"), refused.toString());

                // dropped into deploy/ of the running gateway, during the session
                Path staged = gw.home.resolve("tonedetect.jar.part");
                Files.copy(Path.of(System.getProperty("tonedetect.bundle")), staged);
                long deployedAt = System.nanoTime();
                Files.move(staged, gw.home.resolve("deploy/gateway.example.tonedetect.jar"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                String plugin = "";
                while (!plugin.contains("\"active\"") && System.nanoTime() < deadline) {
                    Thread.sleep(200); // polling the plugin's state
                    plugin = gw.get("/plugins/gateway.example.tonedetect", MANAGEMENT).body();
                }
                assertTrue(plugin.contains("\"active\""), plugin);
                // the next task uses it (set_task is limited to one per 2 s per token)
                JsonNode task = null;
                for (int attempt = 1; task == null && attempt <= 10; attempt++) {
                    Thread.sleep(2100); // the original's rate limit on set_task
                    commands.println(detect440);
                    int answers = attempt + 1;
                    seen.awaitCount(n -> type(n, "error") || type(n, "current_task"), answers, Duration.ofSeconds(20));
                    List<JsonNode> all = seen.matching(n -> type(n, "error") || type(n, "current_task"));
                    JsonNode last = all.get(all.size() - 1);
                    if (type(last, "current_task")) task = last.path("data");
                }
                assertTrue(task != null, "a task with tone-detect was accepted");
                JsonNode stage = task.path("pipeline").path("processors").get(0);
                assertEquals("tone-detect", stage.path("name").asText(), task.toString());
                assertEquals("number", stage.path("config_schema").path("properties").path("hz").path("type").asText(), task.toString());
                assertEquals(task.path("output_tracks").get(0).asText(), JSON.readTree(gw.get("/rooms/" + data.path("room_name").asText() + "/participants/publisher-1",
                        MANAGEMENT).body()).path("participant").path("tracks").get(0).path("sid").asText(), "its output is the publisher's track");

                // it hears the publisher's 440 Hz: said on the control socket and on /sse
                JsonNode started = seen.await(n -> type(n, "tone_started"), Duration.ofSeconds(30)).path("data");
                double firstToneSeconds = (System.nanoTime() - deployedAt) / 1e9;
                assertEquals(440, started.path("hz").asDouble(), started.toString());
                assertTrue(started.path("level").asDouble() > 0.05, started.toString());
                GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-tone-started"), "tone_started on /sse", Duration.ofSeconds(10));

                // the plugin is updated while the task uses it: the stage runs again on its new revision, and its events go on
                long updatedAt = System.nanoTime();
                var updated = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/plugins/gateway.example.tonedetect")).header(MANAGEMENT[0], MANAGEMENT[1])
                        .header("Content-Type", "application/java-archive")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(Path.of(System.getProperty("tonedetect.bundle")))).build());
                assertEquals(200, updated.statusCode(), updated.body());
                JsonNode restarted = seen.await(n -> type(n, "processor_restarted"), Duration.ofSeconds(20)).path("data");
                assertEquals("tone-detect", restarted.path("name").asText(), restarted.toString());
                assertEquals(0, restarted.path("stage").asInt(), restarted.toString());
                seen.awaitCount(n -> type(n, "tone_listening"), 2, Duration.ofSeconds(20));
                seen.awaitCount(n -> type(n, "tone_started"), 2, Duration.ofSeconds(30));
                double resumedSeconds = (System.nanoTime() - updatedAt) / 1e9;
                GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-processor-restarted"), "processor_restarted on /sse",
                        Duration.ofSeconds(10));

                // reconfigured in place to a frequency the publisher does not send: the tone stops and does not start again
                Thread.sleep(2100); // the original's rate limit on set_task
                commands.println("{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"tone-detect\", \"config\": {\"hz\": 1000}}]}}}");
                JsonNode stopped = seen.await(n -> type(n, "tone_stopped"), Duration.ofSeconds(20)).path("data");
                assertEquals("reconfigured", stopped.path("reason").asText(), stopped.toString());
                Thread.sleep(3000); // long enough for 30 windows of 100 ms at 1000 Hz
                assertEquals(2, seen.matching(n -> type(n, "tone_started")).size(), "no 1000 Hz tone: " + seen.matching(n -> true));
                assertEquals(List.of(), seen.matching(n -> type(n, "error") && n.path("data").path("code").asText().equals("PROCESSOR_FAILED")),
                        "the update is not a failure of the stage");
                System.out.printf("tone-detect hot deployed: first tone_started %.1f s after the jar was dropped into deploy/: %s; updated during the task: "
                        + "tone_started again %.1f s after the PUT; then %s%n", firstToneSeconds, started, resumedSeconds, stopped);
                publisher.process().destroy();
            } finally {
                control.destroy();
            }
        } finally {
            delete("deploy", data);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anUpdateOfTheSessionsPluginKeepsItsSessionsAndRebuildsTheirPipelinesWhileASubscriberListensToTheSameWebsocketOutput() throws Exception {
        WhipPeers.requireAiortc();
        // a gateway of its own, without configured clients: one was generated on its first start
        GatewayProcess gw = updateGateway;
        Process service = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("tone_service.py").toString(), "--hz", "880")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        awaitSessions(gw);
        try {
            int port = new Lines(service).await(n -> n.has("port"), Duration.ofSeconds(20)).path("port").asInt();
            Path file = gw.home.resolve("data/sessions.client");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            Properties client = new Properties();
            try (var in = Files.newInputStream(file)) {
                client.load(in);
            }
            String[] generated = {"ClientID", client.getProperty("client_id"), "ClientSecret", client.getProperty("client_secret")};
            WhipPeers.Reports events = WhipPeers.events(gw);
            Answer createdWithGenerated = curl(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 1}}", generated);
            assertEquals(200, createdWithGenerated.status, createdWithGenerated.body);
            JsonNode data = createdWithGenerated.json().path("data");
            String id = data.path("id").asText();
            String streamUrl = data.path("stream_url").asText();
            String sub = data.path("subscriber").get(0).asText();
            String createdAt = curl(gw, "GET", "/session-storage/sessions/" + id, null, generated).json().path("data").path("created_at").asText();
            WhipPeers.Publisher publisher = WhipPeers.aiortc(streamUrl + "/whip", "--seconds", "120", "--keep", "--hz", "440",
                    "--token", data.path("publisher").get(0).asText());
            publisher.await("connected", Duration.ofSeconds(30));
            Process control = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("control_watch.py").toString(), data.path("control_url").asText(), sub)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Process again = null;
            Process listener = null;
            Process afterConfigChange = null;
            Process third = null;
            Process beforeOutputsUpdate = null;
            try {
                Lines seen = new Lines(control);
                var commands = new java.io.PrintWriter(new java.io.OutputStreamWriter(control.getOutputStream(), StandardCharsets.UTF_8), true);
                // a websocket stage: the service answers the publisher's 440 Hz with 880 Hz, the output the subscriber hears
                commands.println("{\"message_type\": \"set_task\", \"data\": {\"pipeline\": {\"processors\": [{\"name\": \"websocket\", \"config\": {\"url\": \"ws://127.0.0.1:"
                        + port + "/fork\"}}]}}}");
                JsonNode task = seen.await(n -> type(n, "current_task") && n.path("data").path("output_tracks").size() > 0, Duration.ofSeconds(20)).path("data");
                String track = task.path("output_tracks").get(0).asText();
                listener = new ProcessBuilder(WhipPeers.PYTHON.toString(), Path.of(SessionsTest.class.getResource("/whep/aiortc_play.py").toURI()).toString(),
                        streamUrl + "/whep/" + track, "--seconds", "12", "--token", sub, "--hz", "880", "--progress").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Lines heardLines = new Lines(listener);
                heardLines.await(n -> "onset".equals(n.path("event").asText()), Duration.ofSeconds(60));

                // the plugin is replaced while the subscriber listens
                Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
                Path jar;
                try (var jars = Files.list(dist.resolve("bundles"))) {
                    jar = jars.filter(p -> p.getFileName().toString().startsWith("gateway.sessions-")).findFirst().orElseThrow();
                }
                long before = System.nanoTime();
                var updated = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/plugins/gateway.sessions")).header(MANAGEMENT[0], MANAGEMENT[1])
                        .header("Content-Type", "application/java-archive").PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(jar)).build());
                assertEquals(200, updated.statusCode(), updated.body());
                // the control socket closes with 1001 (going away: reconnect)
                JsonNode closed = seen.await(n -> n.has("closed"), Duration.ofSeconds(20));
                assertEquals(1001, closed.path("closed").asInt(), closed.toString());
                // the session survives: the same record, its token opens the control socket again, its task runs again
                Answer got = curl(gw, "GET", "/session-storage/sessions/" + id, null, generated);
                for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); got.status != 200 && System.nanoTime() < deadline; ) {
                    Thread.sleep(100); // polling until the new revision serves
                    got = curl(gw, "GET", "/session-storage/sessions/" + id, null, generated);
                }
                double apiBackSeconds = (System.nanoTime() - before) / 1e9;
                assertEquals(200, got.status, got.body);
                assertEquals(createdAt, got.json().path("data").path("created_at").asText(), got.body);
                GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("sessions-saved") && e.path("data").path("count").asInt() == 1,
                        "sessions-saved", Duration.ofSeconds(10));
                GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-restored") && e.path("data").path("id").asText().equals(id),
                        "session-restored", Duration.ofSeconds(10));
                again = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("control_watch.py").toString(), data.path("control_url").asText(), sub)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Lines reconnected = new Lines(again);
                var commandsAgain = new java.io.PrintWriter(new java.io.OutputStreamWriter(again.getOutputStream(), StandardCharsets.UTF_8), true);
                // the new revision runs the task again once its processors are registered (it tries every second)
                gw.awaitLog("Session " + id + ": its task runs again", Duration.ofSeconds(20));
                commandsAgain.println("{\"message_type\": \"get_task\"}");
                JsonNode rebuilt = reconnected.await(n -> type(n, "current_task") || type(n, "error"), Duration.ofSeconds(20)).path("data");
                assertEquals("running", rebuilt.path("status").asText(), rebuilt.toString());
                assertEquals(track, rebuilt.path("output_tracks").get(0).asText(), rebuilt.toString());

                // what the subscriber heard across the update, on the same WHEP session: the stage's output track is a
                // session output of gateway.sessions.outputs, which relayed the old revision's fork and then the new one's
                JsonNode heard = heardLines.await(n -> "heard".equals(n.path("event").asText()), Duration.ofSeconds(60));
                System.out.printf("gateway.sessions updated: API back after %.1f s; the websocket output's listener heard %.2f s of %.0f-Hz-tone %.0f (%.1f off)"
                                + " with %d gaps in %d frames, longest wait between two frames %d ms%n",
                        apiBackSeconds, heard.path("seconds").asDouble(), 880.0, heard.path("tone").asDouble(), heard.path("off").asDouble(),
                        heard.path("gaps").asInt(), heard.path("frames").asInt(), heard.path("stallMs").asInt());
                // the middle half of its audio is mostly after the update: the new revision's fork is heard on the old track
                assertTrue(heard.path("tone").asDouble() > 1000 && heard.path("off").asDouble() < heard.path("tone").asDouble() / 30, heard.toString());
                // the track's RTP timeline goes on across the revisions: no jump, only a wait while the plugin restarts
                assertEquals(0, heard.path("gaps").asInt(), heard.toString());
                assertTrue(heard.path("stallMs").asInt() < 10_000, heard.toString());
                assertFalse(gw.console().contains(generated[3]), "the generated secret is never logged");

                // a change of etc/gateway.sessions.cfg restarts the plugin's component (not its bundle) while a subscriber listens
                afterConfigChange = new ProcessBuilder(WhipPeers.PYTHON.toString(), Path.of(SessionsTest.class.getResource("/whep/aiortc_play.py").toURI()).toString(),
                        streamUrl + "/whep/" + track, "--seconds", "6", "--token", sub, "--hz", "880", "--progress").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Lines configLines = new Lines(afterConfigChange);
                configLines.await(n -> "onset".equals(n.path("event").asText()), Duration.ofSeconds(30));
                int restoredBefore = count(events, "session-restored");
                long changed = System.nanoTime();
                Files.writeString(gw.home.resolve("etc/gateway.sessions.cfg"), "maxOpenSessionsPerClient = 1\n");
                JsonNode closedAgain = reconnected.await(n -> n.has("closed"), Duration.ofSeconds(30));
                assertEquals(1001, closedAgain.path("closed").asInt(), closedAgain.toString());
                GatewayProcess.awaitEvent(events.all(), e -> count(events, "session-restored") > restoredBefore, "a second session-restored", Duration.ofSeconds(20));
                third = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("control_watch.py").toString(), data.path("control_url").asText(), sub)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Lines thirdSeen = new Lines(third);
                var thirdCommands = new java.io.PrintWriter(new java.io.OutputStreamWriter(third.getOutputStream(), StandardCharsets.UTF_8), true);
                JsonNode afterChange = null;
                for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); ; ) {
                    thirdCommands.println("{\"message_type\": \"get_task\"}");
                    int seenBefore = thirdSeen.size();
                    JsonNode m = thirdSeen.await(n -> type(n, "current_task") || type(n, "error"), seenBefore, Duration.ofSeconds(10));
                    if (type(m, "current_task") && m.path("data").path("output_tracks").size() > 0) {
                        afterChange = m.path("data");
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, "the task runs again after the configuration change: " + m);
                    Thread.sleep(2100); // get_task is rate limited to one per 2 s
                }
                double taskBackSeconds = (System.nanoTime() - changed) / 1e9;
                // the same session, the same task, the same track
                assertEquals("running", afterChange.path("status").asText(), afterChange.toString());
                assertEquals(track, afterChange.path("output_tracks").get(0).asText(), afterChange.toString());
                // the new configuration applies to new sessions: one open session per client now
                assertError(curl(gw, "POST", "/session-storage/sessions", "{\"data\": {\"publisher_count\": 1, \"subscriber_count\": 1}}", generated),
                        429, "TOO_MANY_SESSIONS");
                JsonNode heardAcross = configLines.await(n -> "heard".equals(n.path("event").asText()) || "error".equals(n.path("event").asText()), Duration.ofSeconds(60));
                System.out.printf("etc/gateway.sessions.cfg changed: task running again after %.1f s; the websocket output's listener heard %.2f s of %.0f-Hz-tone %.0f"
                                + " (%.1f off) with %d gaps in %d frames, longest wait between two frames %d ms%n",
                        taskBackSeconds, heardAcross.path("seconds").asDouble(), 880.0, heardAcross.path("tone").asDouble(), heardAcross.path("off").asDouble(),
                        heardAcross.path("gaps").asInt(), heardAcross.path("frames").asInt(), heardAcross.path("stallMs").asInt());
                assertEquals("heard", heardAcross.path("event").asText(), heardAcross.toString());
                assertTrue(heardAcross.path("tone").asDouble() > 1000 && heardAcross.path("off").asDouble() < heardAcross.path("tone").asDouble() / 30,
                        heardAcross.toString());
                assertEquals(0, heardAcross.path("gaps").asInt(), heardAcross.toString());
                assertTrue(heardAcross.path("stallMs").asInt() < 10_000, heardAcross.toString());

                // an update of gateway.sessions.outputs: the tracks it owns end with it; the stage claims a new output at once
                // and the control socket names it (the socket stays open: the sessions plugin is not touched)
                Path outputsJar;
                try (var jars = Files.list(dist.resolve("bundles"))) {
                    outputsJar = jars.filter(p -> p.getFileName().toString().startsWith("gateway.sessions.outputs-")).findFirst().orElseThrow();
                }
                beforeOutputsUpdate = new ProcessBuilder(WhipPeers.PYTHON.toString(), Path.of(SessionsTest.class.getResource("/whep/aiortc_play.py").toURI()).toString(),
                        streamUrl + "/whep/" + track, "--seconds", "30", "--token", sub, "--hz", "880", "--progress").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                Lines oldTrackLines = new Lines(beforeOutputsUpdate);
                oldTrackLines.await(n -> "onset".equals(n.path("event").asText()), Duration.ofSeconds(30));
                oldTrackLines.await(n -> "progress".equals(n.path("event").asText()), Duration.ofSeconds(10)); // frames flow
                int beforeChange = thirdSeen.size(); // the socket's messages from the PUT on
                long put = System.nanoTime();
                double putAt = System.currentTimeMillis() / 1e3;
                var outputsUpdated = gw.send(java.net.http.HttpRequest.newBuilder(gw.uri("/plugins/gateway.sessions.outputs")).header(MANAGEMENT[0], MANAGEMENT[1])
                        .header("Content-Type", "application/java-archive").PUT(java.net.http.HttpRequest.BodyPublishers.ofFile(outputsJar)).build());
                assertEquals(200, outputsUpdated.statusCode(), outputsUpdated.body());
                double putDoneAt = System.currentTimeMillis() / 1e3;
                // first the old track is gone (none to listen to), then the new one is named
                JsonNode noTrack = thirdSeen.await(n -> type(n, "output_tracks_changed") || n.has("closed"), beforeChange, Duration.ofSeconds(20));
                assertEquals(0, noTrack.path("data").path("output_tracks").size(), noTrack.toString());
                JsonNode changedTracks = thirdSeen.await(n -> (type(n, "output_tracks_changed") && n.path("data").path("output_tracks").size() > 0) || n.has("closed"),
                        beforeChange, Duration.ofSeconds(20)).path("data");
                double newTrackSeconds = (System.nanoTime() - put) / 1e9;
                assertEquals(0, changedTracks.path("stage").asInt(-1), changedTracks.toString());
                String newTrack = changedTracks.path("output_tracks").path(0).asText();
                assertFalse(newTrack.isEmpty(), changedTracks.toString());
                assertNotEquals(track, newTrack, changedTracks.toString());
                GatewayProcess.awaitEvent(events.all(), e -> e.path("type").asText().equals("session-output-tracks-changed")
                        && e.path("data").path("data").path("output_tracks").path(0).asText().equals(newTrack), "session-output-tracks-changed", Duration.ofSeconds(10));
                // a listener that follows the event hears the service's tone on the new track
                Process onNewTrack = new ProcessBuilder(WhipPeers.PYTHON.toString(), Path.of(SessionsTest.class.getResource("/whep/aiortc_play.py").toURI()).toString(),
                        streamUrl + "/whep/" + newTrack, "--seconds", "3", "--token", sub, "--hz", "880").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    Lines newLines = new Lines(onNewTrack);
                    JsonNode onset = newLines.await(n -> "onset".equals(n.path("event").asText()) || "error".equals(n.path("event").asText()), Duration.ofSeconds(30));
                    assertEquals("onset", onset.path("event").asText(), onset.toString());
                    double soundAgain = onset.path("t").asDouble() - putAt;
                    JsonNode heardNew = newLines.await(n -> "heard".equals(n.path("event").asText()) || "error".equals(n.path("event").asText()), Duration.ofSeconds(30));
                    assertTrue(heardNew.path("tone").asDouble() > 1000 && heardNew.path("off").asDouble() < heardNew.path("tone").asDouble() / 30, heardNew.toString());
                    // what the listener of the old track saw: its frames stopped at the PUT (a progress line a second while they come)
                    double lastOldFrames = 0;
                    synchronized (oldTrackLines) {
                        for (int i = 0; i < oldTrackLines.size(); i++) {
                            JsonNode n = oldTrackLines.await(x -> true, i, Duration.ofSeconds(1));
                            if ("progress".equals(n.path("event").asText())) lastOldFrames = n.path("t").asDouble();
                        }
                    }
                    double quietSince = lastOldFrames - putAt;
                    System.out.printf("gateway.sessions.outputs updated: output_tracks_changed after %.1f s, the service's tone on the new track %.1f s after the PUT;"
                            + " the old track's listener got its last frames within %.1f s of the PUT and none for the %.1f s since%n", newTrackSeconds, soundAgain,
                            quietSince, System.currentTimeMillis() / 1e3 - lastOldFrames);
                    assertTrue(lastOldFrames > 0 && lastOldFrames < putDoneAt + 1.5, "the old track ends with the outputs' revision: frames until " + quietSince + " s after the PUT");
                } finally {
                    onNewTrack.destroy();
                }
                // current_task names the new track too (the last get_task was more than 2 s ago: its rate limit)
                thirdCommands.println("{\"message_type\": \"get_task\"}");
                int seenNow = thirdSeen.size();
                JsonNode afterOutputs = thirdSeen.await(n -> type(n, "current_task") || type(n, "error"), seenNow, Duration.ofSeconds(10)).path("data");
                assertEquals(newTrack, afterOutputs.path("output_tracks").path(0).asText(), afterOutputs.toString());
                publisher.process().destroy();
            } finally {
                control.destroy();
                if (again != null) again.destroy();
                if (listener != null) listener.destroy();
                if (afterConfigChange != null) afterConfigChange.destroy();
                if (third != null) third.destroy();
                if (beforeOutputsUpdate != null) beforeOutputsUpdate.destroy();
            }
        } finally {
            service.destroy();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aRecordTaskHasTheRecorderRecordTheSessionsInputListedUnderTheSession() throws Exception {
        WhipPeers.requireAiortc();
        GatewayProcess gw = shared;
        JsonNode data = session("record", 1);
        try {
            String id = data.path("id").asText();
            WhipPeers.Publisher publisher = WhipPeers.aiortc(data.path("stream_url").asText() + "/whip", "--seconds", "60", "--keep", "--hz", "440",
                    "--token", data.path("publisher").get(0).asText());
            publisher.await("connected", Duration.ofSeconds(30));
            JsonNode task = python(script("set_task.py"), data.path("control_url").asText(), data.path("subscriber").get(0).asText(),
                    "[{\"name\": \"record\", \"config\": {\"label\": \"take-1\"}}]");
            // the subscribers hear the input untouched; current_task shows the stage's schema
            assertTrue(task.path("output_tracks").get(0).asText().startsWith("TR_"), task.toString());
            JsonNode stage = task.path("pipeline").path("processors").get(0);
            assertEquals("string", stage.path("config_schema").path("properties").path("label").path("type").asText(), task.toString());
            assertEquals("take-1", stage.path("config").path("label").asText(), task.toString());

            // the recorder records the session's input, listed under the session's id
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonNode recordings = null;
            while (System.nanoTime() < deadline) {
                recordings = JSON.readTree(gw.get("/recordings?event=" + id, MANAGEMENT).body()).path("recordings");
                if (recordings.size() == 1 && recordings.get(0).path("packets").asLong() >= 100) break;
                Thread.sleep(200); // polling the recorder's figures
            }
            assertEquals(1, recordings.size(), String.valueOf(recordings));
            assertTrue(recordings.get(0).path("packets").asLong() >= 100, recordings.toString());
            System.out.printf("record task: recording %s of session %s at %d packets%n", recordings.get(0).path("id").asText(), id,
                    recordings.get(0).path("packets").asLong());

            // deleting the session ends the task: the recording completes
            assertEquals(204, curl(gw, "DELETE", "/session-storage/sessions/" + id, null, "ClientID", "record", "ClientSecret", secretOf("record")).status);
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && "recording".equals(recordings.get(0).path("state").asText())) {
                Thread.sleep(200); // polling the recorder's state
                recordings = JSON.readTree(gw.get("/recordings?event=" + id, MANAGEMENT).body()).path("recordings");
            }
            assertEquals("complete", recordings.get(0).path("state").asText(), recordings.toString());
            publisher.process().destroy();
        } finally {
            delete("record", data);
        }
    }

    /** A process's JSON lines on stdout, collected as they come, with a wait for the first one that matches. */
    private static final class Lines {
        private final List<JsonNode> seen = new ArrayList<>();

        Lines(Process p) {
            Thread t = new Thread(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (!line.startsWith("{")) continue;
                        JsonNode n = JSON.readTree(line);
                        synchronized (this) {
                            seen.add(n);
                            notifyAll();
                        }
                    }
                } catch (java.io.IOException ended) {
                    // the process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }

        synchronized JsonNode await(java.util.function.Predicate<JsonNode> which, Duration within) throws InterruptedException {
            return await(which, 0, within);
        }

        /** @return the number of lines so far */
        synchronized int size() {
            return seen.size();
        }

        /** Waits for a line from the {@code from}th on. */
        synchronized JsonNode await(java.util.function.Predicate<JsonNode> which, int from, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            for (int at = from; ; ) {
                for (; at < seen.size(); at++) if (which.test(seen.get(at))) return seen.get(at);
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("not seen within " + within + ": " + seen);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized List<JsonNode> matching(java.util.function.Predicate<JsonNode> which) {
            return seen.stream().filter(which).toList();
        }

        synchronized void awaitCount(java.util.function.Predicate<JsonNode> which, int count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (seen.stream().filter(which).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError(count + " not seen within " + within + ": " + seen);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private static JsonNode listen(String streamUrl, String track, String token, int hz) throws Exception {
        Process listener = new ProcessBuilder(WhipPeers.PYTHON.toString(), Path.of(SessionsTest.class.getResource("/whep/aiortc_play.py").toURI()).toString(),
                streamUrl + "/whep/" + track, "--seconds", "3", "--token", token, "--hz", String.valueOf(hz)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode heard = new Lines(listener).await(n -> "heard".equals(n.path("event").asText()), Duration.ofSeconds(60));
        assertTrue(listener.waitFor(30, TimeUnit.SECONDS));
        return heard;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aWebsocketTaskForksTheInputToAServiceWhosePlayAudioTheSubscriberHearsAndPassthroughSwitchesBack() throws Exception {
        WhipPeers.requireAiortc();
        Process service = new ProcessBuilder(WhipPeers.PYTHON.toString(), script("tone_service.py").toString(), "--hz", "880")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        GatewayProcess gw = shared;
        JsonNode data = session("fork", 1);
        try {
            Lines fork = new Lines(service);
            int port = fork.await(n -> n.has("port"), Duration.ofSeconds(20)).path("port").asInt();
            String streamUrl = data.path("stream_url").asText();
            String sub = data.path("subscriber").get(0).asText();
            WhipPeers.Publisher publisher = WhipPeers.aiortc(streamUrl + "/whip", "--seconds", "120", "--keep", "--hz", "440",
                    "--token", data.path("publisher").get(0).asText());
            publisher.await("connected", Duration.ofSeconds(30));

            // a service that cannot be reached fails the run, said on the control socket without the URL's query
            int closedPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            JsonNode failed = python(script("fork_failure.py"), data.path("control_url").asText(), data.path("publisher").get(0).asText(),
                    "ws://127.0.0.1:" + closedPort + "/fork?key=fork-credential-7");
            assertEquals("PROCESSOR_FAILED", failed.path("code").asText(), failed.toString());
            assertTrue(failed.path("desc").asText().contains("cannot connect to ws://127.0.0.1:" + closedPort + "/fork"), failed.toString());
            assertFalse(failed.toString().contains("fork-credential-7"), failed.toString());

            JsonNode task = python(script("set_task.py"), data.path("control_url").asText(), sub,
                    "[{\"name\": \"websocket\", \"config\": {\"url\": \"ws://127.0.0.1:" + port + "/fork?key=fork-credential-7\", \"sample_rate\": 16000}}]");
            String answerTrack = task.path("output_tracks").get(0).asText();
            assertEquals("uri", task.path("pipeline").path("processors").get(0).path("config_schema").path("properties").path("url").path("format").asText(), task.toString());

            // the service gets Plivo's start and the publisher's 440 Hz as 16 kHz L16 media, and answers with 880 Hz
            JsonNode start = fork.await(n -> n.has("start"), Duration.ofSeconds(20)).path("start");
            assertEquals("audio/x-l16", start.path("start").path("mediaFormat").path("encoding").asText(), start.toString());
            assertEquals(16000, start.path("start").path("mediaFormat").path("sampleRate").asInt(), start.toString());
            assertEquals(data.path("id").asText(), start.path("start").path("callId").asText(), start.toString());
            JsonNode media = fork.await(n -> n.path("media").asInt() >= 100, Duration.ofSeconds(30));
            assertTrue(Math.abs(media.path("input_hz").asInt() - 440) < 20, "the forked audio is the publisher's 440 Hz: " + media);
            fork.await(n -> n.has("played"), Duration.ofSeconds(20)); // its checkpoints come back as playedStream

            JsonNode answer = listen(streamUrl, answerTrack, sub, 880);
            System.out.printf("websocket task: the subscriber hears the service's 880 Hz at %.0f (%.1f off-tone); the service measured %d Hz in the fork%n",
                    answer.path("tone").asDouble(), answer.path("off").asDouble(), media.path("input_hz").asInt());
            assertTrue(answer.path("tone").asDouble() > 1000 && answer.path("off").asDouble() < answer.path("tone").asDouble() / 30, answer.toString());

            // the same service over G.711 mu-law at 8 kHz (Plivo's default encoding): a new run, a new fork and track
            JsonNode mulawTask = python(script("set_task.py"), data.path("control_url").asText(), sub,
                    "[{\"name\": \"websocket\", \"config\": {\"url\": \"ws://127.0.0.1:" + port + "/fork\", \"encoding\": \"audio/x-mulaw\"}}]");
            String mulawTrack = mulawTask.path("output_tracks").get(0).asText();
            assertNotEquals(answerTrack, mulawTrack, mulawTask.toString());
            JsonNode mulawStart = fork.await(n -> n.has("start") && n.path("start").path("start").path("mediaFormat").path("encoding").asText().equals("audio/x-mulaw"),
                    Duration.ofSeconds(20)).path("start");
            assertEquals(8000, mulawStart.path("start").path("mediaFormat").path("sampleRate").asInt(), mulawStart.toString());
            fork.await(n -> n.has("closed"), Duration.ofSeconds(20)); // the first run's fork
            JsonNode mulawMedia = fork.await(n -> n.path("media").asInt() >= 50 && n.path("encoding").asText().equals("audio/x-mulaw"), Duration.ofSeconds(30));
            assertTrue(Math.abs(mulawMedia.path("input_hz").asInt() - 440) < 20, "the forked audio is the publisher's 440 Hz: " + mulawMedia);
            JsonNode mulawAnswer = listen(streamUrl, mulawTrack, sub, 880);
            System.out.printf("websocket task over mu-law: the subscriber hears 880 Hz at %.0f (%.1f off-tone)%n",
                    mulawAnswer.path("tone").asDouble(), mulawAnswer.path("off").asDouble());
            assertTrue(mulawAnswer.path("tone").asDouble() > 1000 && mulawAnswer.path("off").asDouble() < mulawAnswer.path("tone").asDouble() / 30, mulawAnswer.toString());

            // back to passthrough mid-session: the output is the publisher's track again, and the fork closes
            JsonNode back = python(script("set_task.py"), data.path("control_url").asText(), sub, "[{\"name\": \"passthrough\"}]");
            String publisherTrack = back.path("output_tracks").get(0).asText();
            assertNotEquals(mulawTrack, publisherTrack, back.toString());
            fork.awaitCount(n -> n.has("closed"), 2, Duration.ofSeconds(20));
            JsonNode original = listen(streamUrl, publisherTrack, sub, 440);
            System.out.printf("back to passthrough: the subscriber hears the publisher's 440 Hz at %.0f (%.1f off-tone)%n",
                    original.path("tone").asDouble(), original.path("off").asDouble());
            assertTrue(original.path("tone").asDouble() > 1000 && original.path("off").asDouble() < original.path("tone").asDouble() / 30, original.toString());
            assertFalse(gw.console().contains("fork-credential-7"), "the service URL's query is never logged");
            publisher.process().destroy();
        } finally {
            service.destroy();
            delete("fork", data);
        }
    }
}
