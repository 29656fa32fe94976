package gateway.itest.e2e;

import static gateway.itest.e2e.CallStreamPeers.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.itest.e2e.CallStreamPeers.CallbackServer;
import gateway.itest.e2e.CallStreamPeers.PlivoSdk;
import gateway.itest.e2e.CallStreamPeers.WsServer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plivo's Audio Stream API on the real executable, with real parts only: calls are SRT streams of a tone sent
 * by ffmpeg; streams are started with Plivo's own Node SDK and with curl; Node's {@code ws} is the WebSocket
 * service; a JDK HTTP server receives the status callbacks; the recorder records the reply stream; ffmpeg
 * decodes what was recorded and the μ-law that arrived.
 *
 * <p>One gateway serves the tests in order (each with its own call, WebSocket service and callback server), the
 * plugin's replacement last; only the generated account needs a gateway without configured accounts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallStreamTest {
    private static final String AUTH_ID = "MATESTACCOUNT0000001";
    private static final String AUTH_TOKEN = "test-token-of-the-first-account-0000001";
    private static final String OTHER_ID = "MATESTACCOUNT0000002";
    private static final String OTHER_TOKEN = "test-token-of-the-second-account-000002";

    /**
     * The shared gateway's configuration: pings every 4 s (seen within a test; a service that stops reading is
     * dropped for its full 3 s buffer long before its 12 s without a pong), a 3 s buffer, fast connect retries and a
     * 16 KB kernel send buffer.
     */
    private static final String SHARED_CONFIG = "pingIntervalSeconds = 4\nmaxBufferSeconds = 3\nretryDelayMillis = 200\nsocketSendBufferBytes = 16384\n";

    @TempDir
    static Path shared;
    static Path tone440;
    static Path modules;
    private static GatewayProcess sharedGateway;

    @TempDir
    Path tmp;

    @BeforeAll
    static void peers() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ffmpeg"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("ffmpeg is required in CI");
        assumeTrue(present, "ffmpeg not installed");
        modules = CallStreamPeers.nodeModules();
        PrometheusParsers.require();
        tone440 = Audio.tone(shared, 440, 40);
    }

    @AfterAll
    static void stopSharedGateway() throws InterruptedException {
        if (sharedGateway != null) sharedGateway.close();
        sharedGateway = null;
    }

    // ---- helpers

    /** The gateway the tests share, started by the first that needs it. */
    private static GatewayProcess gateway() throws Exception {
        if (sharedGateway == null) sharedGateway = start(shared.resolve("home"), accounts() + SHARED_CONFIG);
        return sharedGateway;
    }

    private static GatewayProcess start(Path home, String callstreamCfg) throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/gateway.srt.cfg"), "maxStreams = 8\n");
        if (callstreamCfg != null) Files.writeString(home.resolve("etc/gateway.callstream.cfg"), callstreamCfg);
        GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1");
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(60));
        return gw;
    }

    private static String accounts() {
        return "accounts = " + AUTH_ID + ":" + AUTH_TOKEN + "," + OTHER_ID + ":" + OTHER_TOKEN + "\n";
    }

    /** A call: an SRT stream of the 440 Hz tone from ffmpeg; returns its stream id once it is live. */
    private static String call(GatewayProcess gw, boolean record, List<Process> senders) throws Exception {
        String event = UUID.randomUUID().toString();
        HttpResponse<String> r = gw.send(HttpRequest.newBuilder(gw.uri("/reserve")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"" + event + "\", \"record\": " + record + "}")).build());
        assertEquals(201, r.statusCode(), r.body());
        senders.add(Audio.sendOverSrt(tone440, JSON.readTree(r.body()).path("credentials").path("token").asText(), gw.port));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            for (JsonNode s : JSON.readTree(gw.get("/streams").body())) {
                if (event.equals(s.path("metadata").path("event").asText()) && s.path("state").asText().equals("live")) return s.path("id").asText();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the call did not go live\n" + gw.console());
    }

    private static String base(GatewayProcess gw) {
        return "http://127.0.0.1:" + gw.port;
    }

    private static String streamsUrl(GatewayProcess gw, String authId, String callId) {
        return base(gw) + "/v1/Account/" + authId + "/Call/" + callId + "/Stream/";
    }

    private static HttpResponse<String> api(GatewayProcess gw, String method, String url, String user, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(20));
        if (user != null) b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return gw.send(b.build());
    }

    /** curl exactly as the reference document calls it; returns the status and the body. */
    private static String[] curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-i"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String status = out.lines().findFirst().orElse("");
        int blank = out.indexOf("\r\n\r\n");
        return new String[] {status.split(" ")[1], blank < 0 ? "" : out.substring(blank + 4)};
    }

    private static void stopAll(List<Process> senders) {
        senders.forEach(Process::destroy);
    }

    private static void assertWellFormed(List<JsonNode> lines, String callId, String streamId, String encoding, int rate,
                                         int payloadBytes, List<String> tracks) {
        assertFalse(lines.isEmpty(), "messages arrived");
        JsonNode start = lines.get(0).path("msg");
        assertEquals("start", start.path("event").asText(), "start comes first: " + start);
        assertEquals(1, start.path("sequenceNumber").asLong());
        assertEquals(callId, start.path("start").path("callId").asText());
        assertEquals(streamId, start.path("start").path("streamId").asText());
        assertEquals(AUTH_ID, start.path("start").path("accountId").asText());
        List<String> t = new ArrayList<>();
        start.path("start").path("tracks").forEach(n -> t.add(n.asText()));
        assertEquals(tracks, t);
        assertEquals(encoding, start.path("start").path("mediaFormat").path("encoding").asText());
        assertEquals(rate, start.path("start").path("mediaFormat").path("sampleRate").asInt());
        long seq = 1;
        Map<String, Long> chunk = new java.util.HashMap<>();
        for (JsonNode l : lines.subList(1, lines.size())) {
            JsonNode m = l.path("msg");
            assertEquals(++seq, m.path("sequenceNumber").asLong(), "sequenceNumber grows by one per message");
            if (!m.path("event").asText().equals("media")) continue;
            assertEquals(streamId, m.path("streamId").asText());
            String track = m.path("media").path("track").asText();
            assertTrue(tracks.contains(track), track);
            long expected = chunk.merge(track, 1L, Long::sum);
            assertEquals(expected, m.path("media").path("chunk").asLong(), "chunk counts from 1 per track");
            assertTrue(m.path("media").path("timestamp").isTextual(), "timestamp is a string");
            long ts = Long.parseLong(m.path("media").path("timestamp").asText());
            assertTrue(Math.abs(ts - l.path("at").asLong()) < 2_000, "timestamp is milliseconds since the epoch");
            assertEquals(payloadBytes, Base64.getDecoder().decode(m.path("media").path("payload").asText()).length, "20 ms per payload");
        }
    }

    // ---- tests

    @Test
    @Order(1)
    void plivoSdkAndCurlForkALiveCallAsL16AndMulawChunksToAWebSocketService() throws Exception {
        List<Process> senders = new ArrayList<>();
        // first on the shared gateway: the metrics below count this test's streams only
        GatewayProcess gw = gateway();
        try (WsServer ws = new WsServer(tmp, modules); CallbackServer cb = new CallbackServer()) {
            List<JsonNode> events = gw.events();
            String callId = call(gw, false, senders);
            PlivoSdk sdk = new PlivoSdk(tmp, modules, base(gw), AUTH_ID, AUTH_TOKEN);

            // live calls, as Plivo lists them
            HttpResponse<String> live = api(gw, "GET", base(gw) + "/v1/Account/" + AUTH_ID + "/Call/?status=live", AUTH_ID + ":" + AUTH_TOKEN, null, null);
            assertEquals(200, live.statusCode(), live.body());
            assertTrue(JSON.readTree(live.body()).path("calls").toString().contains(callId), live.body());

            // the SDK: L16 8 kHz (the default) with POST callbacks, L16 16 kHz with GET callbacks
            JsonNode s8 = sdk.call("stream", callId, ws.url("/l16-8k"), Map.of("statusCallbackUrl", cb.url("/events/"), "statusCallbackMethod", "POST",
                    "extraHeaders", "Test1=Test2,Test3=Test4"));
            assertTrue(s8.has("ok"), s8.toString());
            assertEquals("audio streaming started", s8.path("ok").path("message").asText());
            String id8 = s8.path("ok").path("streamId").asText();
            assertNotNull(UUID.fromString(id8));
            JsonNode s16 = sdk.call("stream", callId, ws.url("/l16-16k"), Map.of("contentType", "audio/x-l16;rate=16000", "streamTimeout", 86400,
                    "statusCallbackUrl", cb.url("/get-events"), "statusCallbackMethod", "GET", "audioTrack", "inbound", "bidirectional", false));
            assertTrue(s16.has("ok"), s16.toString());
            String id16 = s16.path("ok").path("streamId").asText();
            // a form-encoded start (μ-law)
            String[] form = curl("--user", AUTH_ID + ":" + AUTH_TOKEN, "--data-urlencode", "service_url=" + ws.url("/mulaw"),
                    "--data-urlencode", "content_type=audio/x-mulaw;rate=8000", streamsUrl(gw, AUTH_ID, callId));
            assertEquals("201", form[0], form[1]);
            String idMu = JSON.readTree(form[1]).path("stream_id").asText();

            cb.await(id8, "StartStream", Duration.ofSeconds(10));
            assertEquals("GET", cb.await(id16, "StartStream", Duration.ofSeconds(10)).method());
            ws.await("/mulaw", l -> l.path("msg").path("event").asText().equals("media"), Duration.ofSeconds(10));
            // a second and a half of audio: enough to find the tone and see the chunks' pace
            for (String path : List.of("/l16-8k", "/l16-16k", "/mulaw")) {
                ws.await(path, l -> l.path("msg").path("media").path("chunk").asLong() >= 75, Duration.ofSeconds(15));
            }
            // WebSocket pings keep idle proxies open; ws answers them with pongs, so the streams go on
            for (String path : List.of("/l16-8k", "/l16-16k", "/mulaw")) ws.await(path, l -> l.path("ping").asBoolean(), Duration.ofSeconds(8));

            // getStream and getAllStream through the SDK
            JsonNode one = sdk.call("getStream", callId, id8);
            assertTrue(one.has("ok"), one.toString());
            assertEquals(id8, one.path("ok").path("streamId").asText());
            assertEquals("inbound", one.path("ok").path("audioTrack").asText());
            JsonNode all = sdk.call("getAllStream", callId);
            assertEquals(3, all.path("ok").path("meta").path("totalCount").asInt(), all.toString());
            assertEquals(3, all.path("ok").path("objects").size());
            // each fork is an attachment of the call on /streams
            JsonNode stream = JSON.readTree(gw.get("/streams/" + callId).body());
            long forks = 0;
            for (JsonNode h : stream.path("handlers")) if (h.path("handler").asText().contains("callstream")) forks++;
            assertEquals(3, forks, stream.toString());

            // the plugin's metrics, read by Python's Prometheus parser: three streams by format, chunks sent, the codec in use
            PrometheusParsers.Samples metrics = PrometheusParsers.prometheus(gw.get("/metrics").body());
            for (String format : List.of("audio/x-l16;rate=8000", "audio/x-l16;rate=16000", "audio/x-mulaw;rate=8000")) {
                assertEquals(1.0, metrics.require("gateway_callstream_streams", "state", "streaming", "format", format), format);
            }
            assertTrue(metrics.require("gateway_callstream_sent_chunks_total", "track", "inbound") >= 225, "three streams of 1.5 s sent");
            assertTrue(metrics.require("gateway_callstream_sent_bytes_total", "track", "inbound") > 225 * 400);
            assertEquals(3.0, metrics.require("gateway_callstream_streams_requested_total"));
            assertTrue(metrics.require("gateway_callstream_chunk_delay_seconds_count") >= 225);
            assertTrue(metrics.all().stream().anyMatch(x -> x.name().equals("gateway_callstream_codec_info")
                    && x.labels().getOrDefault("decoder", "").startsWith("libopus ")), "the system's libopus decodes (libopus0 is installed here)");

            // stop one with the SDK, then all
            JsonNode stopped = sdk.call("stopStream", callId, id8);
            assertFalse(stopped.has("error"), stopped.toString());
            Map<String, String> stop8 = cb.await(id8, "StopStream", Duration.ofSeconds(10)).params();
            assertEquals(callId, stop8.get("CallUUID"));
            assertEquals(ws.url("/l16-8k"), stop8.get("ServiceURL"));
            assertTrue(stop8.containsKey("Error") && stop8.containsKey("Timestamp"), stop8.toString());
            JsonNode again = sdk.call("stopStream", callId, id8);
            assertTrue(again.path("error").asText().contains("No active stream found"), again.toString());
            assertFalse(sdk.call("stopAllStream", callId).has("error"));
            cb.await(id16, "StopStream", Duration.ofSeconds(10));
            ws.await("/mulaw", l -> l.has("closed"), Duration.ofSeconds(10));
            assertEquals("stopped", JSON.readTree(api(gw, "GET", streamsUrl(gw, AUTH_ID, callId) + idMu + "/", AUTH_ID + ":" + AUTH_TOKEN, null, null)
                    .body()).path("status").asText());

            // what the service received
            List<JsonNode> m8 = ws.messages("/l16-8k");
            assertWellFormed(m8, callId, id8, "audio/x-l16", 8_000, 320, List.of("inbound"));
            assertEquals("Test1=Test2;Test3=Test4", m8.get(0).path("msg").path("extra_headers").asText());
            assertWellFormed(ws.messages("/l16-16k"), callId, id16, "audio/x-l16", 16_000, 640, List.of("inbound"));
            assertWellFormed(ws.messages("/mulaw"), callId, idMu, "audio/x-mulaw", 8_000, 160, List.of("inbound"));

            // the tone at its frequency in each format
            short[] pcm8 = CallStreamPeers.l16(CallStreamPeers.payloads(m8, "inbound"));
            short[] pcm16 = CallStreamPeers.l16(CallStreamPeers.payloads(ws.messages("/l16-16k"), "inbound"));
            short[] mu = CallStreamPeers.mulawByFfmpeg(tmp, CallStreamPeers.payloads(ws.messages("/mulaw"), "inbound"));
            for (Object[] t : new Object[][] {{"L16 8k", pcm8, 8_000}, {"L16 16k", pcm16, 16_000}, {"mu-law", mu, 8_000}}) {
                short[] s = (short[]) t[1];
                int rate = (int) t[2];
                double tone = CallStreamPeers.level(s, 440, rate);
                double other = Math.max(CallStreamPeers.level(s, 1_000, rate), CallStreamPeers.level(s, 2_560, rate));
                System.out.printf("%s: %.2f s, 440 Hz level %.0f, elsewhere %.1f%n", t[0], s.length / (double) rate, tone, other);
                assertTrue(s.length > 1.4 * rate, t[0] + ": at least 1.4 s arrived");
                assertTrue(tone > 1_000 && other < tone / 30, t[0] + ": the tone at 440 Hz: " + tone + " vs " + other);
            }

            // chunk timing: 50 a second, evenly spaced (as the SRT source delivers them)
            List<Long> at = m8.stream().filter(l -> l.path("msg").path("event").asText().equals("media")).map(l -> l.path("at").asLong()).toList();
            double seconds = (at.get(at.size() - 1) - at.get(0)) / 1000.0;
            double rate = (at.size() - 1) / seconds;
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < at.size(); i++) gaps.add(at.get(i) - at.get(i - 1));
            gaps.sort(null);
            System.out.printf("L16 8k: %d chunks in %.2f s (%.1f/s), median gap %d ms, p99 gap %d ms%n", at.size(), seconds, rate,
                    gaps.get(gaps.size() / 2), gaps.get(gaps.size() * 99 / 100));
            // the source (ffmpeg -re over SRT) sets the pace; on a loaded machine it runs a little slow
            assertTrue(rate > 40 && rate < 55, "about 50 chunks a second: " + rate);
            List<Long> delay = m8.stream().filter(l -> l.path("msg").path("event").asText().equals("media"))
                    .map(l -> l.path("at").asLong() - Long.parseLong(l.path("msg").path("media").path("timestamp").asText())).sorted().toList();
            System.out.printf("gateway in → service: p50 %d ms, p99 %d ms%n", delay.get(delay.size() / 2), delay.get(delay.size() * 99 / 100));
            assertTrue(gaps.get(gaps.size() / 2) >= 10 && gaps.get(gaps.size() / 2) <= 30, "chunks about 20 ms apart: " + gaps);

            List<String> types = events.stream().map(e -> e.path("type").asText()).filter(t -> t.startsWith("callstream-")).toList();
            assertTrue(types.contains("callstream-requested") && types.contains("callstream-started") && types.contains("callstream-ended"), types.toString());
        } finally {
            stopAll(senders);
        }
    }

    @Test
    @Order(3)
    void bidirectionalStreamPlaysIntoAReplyStreamTheRecorderRecords() throws Exception {
        List<Process> senders = new ArrayList<>();
        GatewayProcess gw = gateway();
        try (WsServer ws = new WsServer(tmp, modules); CallbackServer cb = new CallbackServer()) {
            List<JsonNode> events = gw.events();
            String callId = call(gw, true, senders);
            PlivoSdk sdk = new PlivoSdk(tmp, modules, base(gw), AUTH_ID, AUTH_TOKEN);
            // a stream of both tracks, to hear what the gateway plays into the call
            JsonNode both = sdk.call("stream", callId, ws.url("/both"), Map.of("audioTrack", "both", "contentType", "audio/x-l16;rate=16000"));
            assertTrue(both.has("ok"), both.toString());
            ws.await("/both", l -> l.path("msg").path("event").asText().equals("media"), Duration.ofSeconds(10));

            // the reference's curl call, verbatim but for the URLs
            String[] r = curl("--user", AUTH_ID + ":" + AUTH_TOKEN, "-H", "Content-Type: application/json", "-d",
                    "{\"service_url\": \"" + ws.url("/bidi?hz=880&seconds=2") + "\",\"bidirectional\": true,\"status_callback_url\": \""
                            + cb.url("/events") + "\"}", streamsUrl(gw, AUTH_ID, callId));
            assertEquals("201", r[0], r[1]);
            String bidi = JSON.readTree(r[1]).path("stream_id").asText();

            JsonNode sent = ws.await("/bidi?hz=880&seconds=2".split("\\?")[0], l -> "playAudio".equals(l.path("sent").asText()), Duration.ofSeconds(10));
            JsonNode played = ws.await("/bidi", l -> l.path("msg").path("event").asText().equals("playedStream"), Duration.ofSeconds(10));
            long waited = played.path("at").asLong() - sent.path("at").asLong();
            System.out.printf("playAudio of 2 s → playedStream after %d ms%n", waited);
            assertEquals("tone-done", played.path("msg").path("name").asText());
            assertEquals(bidi, played.path("msg").path("streamId").asText());
            assertTrue(waited >= 2_000 && waited < 3_000, "played at real time, answered when it has played: " + waited + " ms");

            // the reply stream: origin callstream, names its call, recorded like the call
            String reply = JSON.readTree(api(gw, "GET", streamsUrl(gw, AUTH_ID, callId) + bidi, AUTH_ID + ":" + AUTH_TOKEN, null, null).body())
                    .path("reply_stream").asText();
            JsonNode replyStream = JSON.readTree(gw.get("/streams/" + reply).body());
            assertEquals("callstream", replyStream.path("origin").asText());
            assertEquals(callId, replyStream.path("metadata").path("call").asText());

            // the both-track stream heard the call (440 Hz) inbound and the reply (880 Hz) outbound
            try {
                ws.await("/both", l -> l.path("msg").path("media").path("track").asText().equals("outbound")
                        && l.path("msg").path("media").path("chunk").asLong() >= 90, Duration.ofSeconds(5));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + gw.get("/streams").body() + "\n" + gw.console(), e);
            }
            List<JsonNode> bm = ws.messages("/both");
            assertEquals(List.of("inbound", "outbound"), List.of(bm.get(0).path("msg").path("start").path("tracks").get(0).asText(),
                    bm.get(0).path("msg").path("start").path("tracks").get(1).asText()));
            short[] in = CallStreamPeers.l16(CallStreamPeers.payloads(bm, "inbound"));
            short[] out = CallStreamPeers.l16(CallStreamPeers.payloads(bm, "outbound"));
            assertTrue(CallStreamPeers.level(in, 440, 16_000) > 10 * CallStreamPeers.level(in, 880, 16_000), "inbound is the call");
            assertTrue(CallStreamPeers.level(out, 880, 16_000) > 10 * CallStreamPeers.level(out, 440, 16_000), "outbound is the reply");

            // clearAudio cuts a 4 s tone short
            String[] c = curl("--user", AUTH_ID + ":" + AUTH_TOKEN, "-H", "Content-Type: application/json", "-d",
                    "{\"service_url\": \"" + ws.url("/clear") + "\",\"bidirectional\": \"true\"}", streamsUrl(gw, OTHER_ID, callId));
            assertEquals("401", c[0], "another account's auth_id in the path");
            assertEquals(204, api(gw, "DELETE", streamsUrl(gw, AUTH_ID, callId) + bidi + "/", AUTH_ID + ":" + AUTH_TOKEN, null, null).statusCode());
            c = curl("--user", AUTH_ID + ":" + AUTH_TOKEN, "-H", "Content-Type: application/json", "-d",
                    "{\"service_url\": \"" + ws.url("/clear") + "\",\"bidirectional\": \"true\"}", streamsUrl(gw, AUTH_ID, callId));
            assertEquals("201", c[0], c[1]);
            JsonNode cleared = ws.await("/clear", l -> l.path("msg").path("event").asText().equals("clearedAudio"), Duration.ofSeconds(10));
            JsonNode after = ws.await("/clear", l -> l.path("msg").path("name").asText().equals("after-clear"), Duration.ofSeconds(10));
            long playedFor = after.path("at").asLong() - ws.await("/clear", l -> "playAudio".equals(l.path("sent").asText()), Duration.ZERO.plusSeconds(1)).path("at").asLong();
            System.out.printf("4 s tone cleared after 1 s: checkpoint answered %d ms after playAudio%n", playedFor);
            assertTrue(playedFor < 1_600, "clearAudio cut the tone short: " + playedFor);
            assertTrue(cleared.path("msg").path("sequenceNumber").asLong() > 1);

            // malformed messages are reported, the stream goes on
            String[] b = curl("--user", AUTH_ID + ":" + AUTH_TOKEN, "-H", "Content-Type: application/json", "-d",
                    "{\"service_url\": \"" + ws.url("/bad") + "\",\"bidirectional\": false, \"status_callback_url\": \"" + cb.url("/bad") + "\"}",
                    streamsUrl(gw, AUTH_ID, callId));
            assertEquals("201", b[0], b[1]);
            String badId = JSON.readTree(b[1]).path("stream_id").asText();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cb.of(badId).stream().filter(x -> "StreamError".equals(x.params().get("Event"))).count() < 5 && System.nanoTime() < deadline) Thread.sleep(50);
            List<String> errors = cb.of(badId).stream().filter(x -> "StreamError".equals(x.params().get("Event"))).map(x -> x.params().get("Error")).toList();
            System.out.println("reported: " + errors);
            assertEquals(5, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("unknown event 'dance'"), errors.toString());
            assertTrue(errors.get(1).contains("base64") && errors.get(2).contains("sampleRate") && errors.get(3).contains("not JSON"), errors.toString());
            assertTrue(errors.get(4).contains("not bidirectional"), "a checkpoint on a one-way stream: " + errors);
            assertTrue(events.stream().filter(e -> e.path("type").asText().equals("callstream-message-rejected")).count() >= 5);
            Thread.sleep(500);
            assertEquals("streaming", JSON.readTree(api(gw, "GET", streamsUrl(gw, AUTH_ID, callId) + badId, AUTH_ID + ":" + AUTH_TOKEN, null, null)
                    .body()).path("status").asText(), "the stream survived");

            // the recorder recorded the reply stream: the 880 Hz tone
            assertEquals(204, api(gw, "DELETE", streamsUrl(gw, AUTH_ID, callId), AUTH_ID + ":" + AUTH_TOKEN, null, null).statusCode());
            JsonNode rec = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rec == null && System.nanoTime() < deadline) {
                for (JsonNode n : JSON.readTree(gw.get("/recordings?stream=" + reply).body()).path("recordings")) {
                    if (n.path("state").asText().equals("complete")) rec = n;
                }
                Thread.sleep(100);
            }
            assertNotNull(rec, "the reply stream was recorded\n" + gw.console());
            HttpResponse<byte[]> audio = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/recordings/" + rec.path("id").asText() + "/audio")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Path file = tmp.resolve("reply.ogg");
            Files.write(file, audio.body());
            short[] pcm = Audio.decode(file);
            System.out.printf("reply recording: %.2f s%n", pcm.length / 48_000.0);
            assertTrue(pcm.length > 1.8 * 48_000 && pcm.length < 2.6 * 48_000, "about 2 s of reply: " + pcm.length / 48_000.0);
            assertEquals(880, Audio.dominant(pcm, 440, 660, 880, 1000));
        } finally {
            stopAll(senders);
        }
    }

    @Test
    @Order(2)
    void outboundTrackAloneCarriesOnlyWhatIsPlayedIntoTheCall() throws Exception {
        List<Process> senders = new ArrayList<>();
        GatewayProcess gw = gateway();
        try (WsServer ws = new WsServer(tmp, modules)) {
            String callId = call(gw, false, senders);
            String user = AUTH_ID + ":" + AUTH_TOKEN;
            // the reference's rule: a bidirectional stream forks the inbound track only
            HttpResponse<String> refused = api(gw, "POST", streamsUrl(gw, AUTH_ID, callId), user, "application/json",
                    "{\"service_url\": \"" + ws.url("/refused") + "\", \"bidirectional\": true, \"audio_track\": \"outbound\"}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(JSON.readTree(refused.body()).path("error").asText().contains("must be inbound when bidirectional"), refused.body());

            // a one-way stream of the outbound track (Plivo's SDK), while the call's own 440 Hz tone flows inbound
            PlivoSdk sdk = new PlivoSdk(tmp, modules, base(gw), AUTH_ID, AUTH_TOKEN);
            JsonNode out = sdk.call("stream", callId, ws.url("/out"), Map.of("audioTrack", "outbound", "contentType", "audio/x-mulaw;rate=8000"));
            assertTrue(out.has("ok"), out.toString());
            String outId = out.path("ok").path("streamId").asText();
            ws.await("/out", l -> l.path("msg").path("event").asText().equals("start"), Duration.ofSeconds(10));
            JsonNode one = JSON.readTree(api(gw, "GET", streamsUrl(gw, AUTH_ID, callId) + outId, user, null, null).body());
            assertEquals("outbound", one.path("audio_track").asText(), one.toString());

            // what the gateway plays into the call: a second, bidirectional stream of the same call plays 2 s of 880 Hz
            HttpResponse<String> bidi = api(gw, "POST", streamsUrl(gw, AUTH_ID, callId), user, "application/json",
                    "{\"service_url\": \"" + ws.url("/bidi?hz=880&seconds=2") + "\", \"bidirectional\": true}");
            assertEquals(201, bidi.statusCode(), bidi.body());
            // the bidirectional stream heard the call before it played: the call's audio was flowing all along
            ws.await("/bidi", l -> l.path("msg").path("media").path("track").asText().equals("inbound"), Duration.ofSeconds(10));
            JsonNode sent = ws.await("/bidi", l -> "playAudio".equals(l.path("sent").asText()), Duration.ofSeconds(10));
            ws.await("/bidi", l -> l.path("msg").path("event").asText().equals("playedStream"), Duration.ofSeconds(10));
            ws.await("/out", l -> l.path("msg").path("media").path("chunk").asLong() >= 95, Duration.ofSeconds(5));

            // ending both streams closes the outbound one after what it buffered
            assertEquals(204, api(gw, "DELETE", streamsUrl(gw, AUTH_ID, callId), user, null, null).statusCode());
            ws.await("/out", l -> l.has("closed"), Duration.ofSeconds(10));
            List<JsonNode> messages = ws.messages("/out");
            assertWellFormed(messages, callId, outId, "audio/x-mulaw", 8_000, 160, List.of("outbound"));
            List<JsonNode> media = messages.stream().filter(l -> l.path("msg").path("event").asText().equals("media")).toList();
            long firstAt = media.get(0).path("at").asLong();
            System.out.printf("outbound track alone: %d chunks, the first %d ms after playAudio was sent%n", media.size(),
                    firstAt - sent.path("at").asLong());
            assertTrue(firstAt >= sent.path("at").asLong(), "no media before anything was played into the call");
            assertTrue(media.size() >= 95 && media.size() <= 105, "2 s played, 2 s forked (20 ms chunks): " + media.size());
            short[] pcm = CallStreamPeers.mulawByFfmpeg(tmp, CallStreamPeers.payloads(messages, "outbound"));
            assertTrue(CallStreamPeers.level(pcm, 880, 8_000) > 10 * CallStreamPeers.level(pcm, 440, 8_000), "the outbound track is the reply, not the call");
        } finally {
            stopAll(senders);
        }
    }

    @Test
    @Order(4)
    void failuresAreReportedAndBadInputRefusedInPlivosShape() throws Exception {
        List<Process> senders = new ArrayList<>();
        // the kernel's send buffer comes on top of the 3 s buffer: socketSendBufferBytes keeps it at 16 KB (SHARED_CONFIG)
        GatewayProcess gw = gateway();
        try (ServerSocket refuser = new ServerSocket(0); WsServer ws = new WsServer(tmp, modules); CallbackServer cb = new CallbackServer()) {
            String callId = call(gw, false, senders);
            String user = AUTH_ID + ":" + AUTH_TOKEN;
            String url = streamsUrl(gw, AUTH_ID, callId);

            // a service that refuses the WebSocket handshake (403): the first connection is tried three times, then DroppedStream
            AtomicInteger attempts = new AtomicInteger();
            com.sun.net.httpserver.HttpServer refusing = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
            refusing.createContext("/", x -> {
                attempts.incrementAndGet();
                x.sendResponseHeaders(403, -1);
                x.close();
            });
            refusing.start();
            HttpResponse<String> r = api(gw, "POST", url, user, "application/json",
                    "{\"service_url\": \"ws://127.0.0.1:" + refusing.getAddress().getPort() + "/x\", \"status_callback_url\": \"" + cb.url("/drop") + "\"}");
            assertEquals(201, r.statusCode(), r.body());
            String dropped = JSON.readTree(r.body()).path("stream_id").asText();
            Map<String, String> d = cb.await(dropped, "DroppedStream", Duration.ofSeconds(30)).params();
            refusing.stop(0);
            assertEquals(3, attempts.get(), "one attempt and two retries");
            assertTrue(d.get("Error").contains("after 3 attempts"), d.toString());
            assertTrue(cb.of(dropped).stream().noneMatch(x -> "StartStream".equals(x.params().get("Event"))));
            // nothing listening at all
            int closedPort = refuser.getLocalPort();
            refuser.close();
            r = api(gw, "POST", url, user, "application/json",
                    "{\"service_url\": \"ws://127.0.0.1:" + closedPort + "/x\", \"status_callback_url\": \"" + cb.url("/drop") + "\"}");
            String unreachable = JSON.readTree(r.body()).path("stream_id").asText();
            assertTrue(cb.await(unreachable, "DroppedStream", Duration.ofSeconds(30)).params().get("Error").contains("after 3 attempts"));

            // a service that stops reading: DegradedStream at 30/60/90 % of the 3 s buffer, then DroppedStream;
            // another stream of the same call goes on
            CallStreamPeers.StallingServer stalling = new CallStreamPeers.StallingServer();
            r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + stalling.url() + "\", \"content_type\": \"audio/x-l16;rate=16000\", "
                    + "\"status_callback_url\": \"" + cb.url("/stall") + "\"}");
            String stall = JSON.readTree(r.body()).path("stream_id").asText();
            r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url("/healthy") + "\", \"status_callback_url\": \""
                    + cb.url("/healthy") + "\"}");
            assertEquals(201, r.statusCode(), r.body());
            String healthy = JSON.readTree(r.body()).path("stream_id").asText();
            Map<String, String> drop = cb.await(stall, "DroppedStream", Duration.ofSeconds(60)).params();
            stalling.close();
            List<String> degraded = cb.of(stall).stream().filter(x -> "DegradedStream".equals(x.params().get("Event"))).map(x -> x.params().get("Error")).toList();
            System.out.println("slow service: " + degraded + " then " + drop.get("Error"));
            assertEquals(3, degraded.size(), degraded.toString());
            assertTrue(degraded.get(0).contains("30 %") && degraded.get(1).contains("60 %") && degraded.get(2).contains("90 %"), degraded.toString());
            assertTrue(drop.get("Error").contains("too slowly"), drop.toString());
            long healthyBefore = ws.messages("/healthy").size();
            Thread.sleep(1_000);
            long healthyAfter = ws.messages("/healthy").size();
            assertTrue(healthyAfter - healthyBefore >= 40, "the other stream goes on: " + (healthyAfter - healthyBefore) + " messages in 1 s");

            // credentials
            for (String bad : new String[] {AUTH_ID + ":wrong", OTHER_ID + ":" + OTHER_TOKEN, null}) {
                HttpResponse<String> x = api(gw, "GET", url, bad, null, null);
                assertEquals(401, x.statusCode(), String.valueOf(bad));
                assertTrue(JSON.readTree(x.body()).has("api_id") && JSON.readTree(x.body()).has("error"), x.body());
                assertFalse(x.body().contains(AUTH_TOKEN));
            }
            // an unknown call
            HttpResponse<String> unknown = api(gw, "POST", streamsUrl(gw, AUTH_ID, UUID.randomUUID().toString()), user, "application/json",
                    "{\"service_url\": \"" + ws.url("/x") + "\"}");
            assertEquals(404, unknown.statusCode());
            assertTrue(JSON.readTree(unknown.body()).path("error").asText().contains("not found"), unknown.body());
            // every invalid parameter, in JSON and as a form
            String[][] invalid = {
                    {"{}", "service_url is required"},
                    {"{\"service_url\": \"http://127.0.0.1/x\"}", "ws:// or wss://"},
                    {"{\"service_url\": \"not a url\"}", "service_url"},
                    {"{\"service_url\": \"" + ws.url("/healthy") + "\"}", "already active"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"bidirectional\": \"maybe\"}", "bidirectional"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"audio_track\": \"left\"}", "audio_track"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"bidirectional\": true, \"audio_track\": \"both\"}", "must be inbound when bidirectional"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"stream_timeout\": 0}", "stream_timeout"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"stream_timeout\": \"soon\"}", "stream_timeout"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"status_callback_url\": \"mailto:x@y\"}", "status_callback_url"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"status_callback_method\": \"PUT\"}", "status_callback_method"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"content_type\": \"audio/wav\"}", "content_type"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"extra_headers\": \"k=" + "v".repeat(600) + "\"}", "512 bytes"},
                    {"{\"service_url\": \"" + ws.url("/y") + "\", \"extra_headers\": \"novalue\"}", "key=value"},
                    {"[1, 2]", "JSON object"},
                    {"{\"service_url\": ", "not valid JSON"}};
            for (String[] c : invalid) {
                HttpResponse<String> x = api(gw, "POST", url, user, "application/json", c[0]);
                assertEquals(400, x.statusCode(), c[0] + " → " + x.body());
                JsonNode body = JSON.readTree(x.body());
                assertTrue(body.has("api_id") && body.path("error").asText().contains(c[1]), c[0] + " → " + x.body());
            }
            HttpResponse<String> formBad = api(gw, "POST", url, user, "application/x-www-form-urlencoded", "service_url=wss%3A%2F%2F127.0.0.1%2Fz&stream_timeout=-3");
            assertEquals(400, formBad.statusCode(), formBad.body());
            assertTrue(formBad.body().contains("stream_timeout"), formBad.body());
            HttpResponse<String> noStream = api(gw, "DELETE", url + UUID.randomUUID() + "/", user, null, null);
            assertEquals(400, noStream.statusCode());
            assertEquals("No active stream found", JSON.readTree(noStream.body()).path("error").asText());
            assertEquals(404, api(gw, "GET", url + UUID.randomUUID(), user, null, null).statusCode());
            assertEquals(400, api(gw, "GET", url + "?limit=500", user, null, null).statusCode());
            JsonNode page = JSON.readTree(api(gw, "GET", url + "?limit=1&offset=1", user, null, null).body());
            assertEquals(1, page.path("objects").size());
            assertEquals(4, page.path("meta").path("total_count").asInt(), page.toString());
            // without the trailing slash too, as some SDKs send it
            String bare = url.substring(0, url.length() - 1);
            assertEquals(4, JSON.readTree(api(gw, "GET", bare, user, null, null).body()).path("meta").path("total_count").asInt());
            HttpResponse<String> bareStart = api(gw, "POST", bare, user, "application/json", "{\"service_url\": \"" + ws.url("/healthy") + "\"}");
            assertEquals(400, bareStart.statusCode(), "the start without the slash reaches the same check: " + bareStart.body());
            assertTrue(bareStart.body().contains("already active"), bareStart.body());

            // the service closes the WebSocket, or the connection breaks without a close frame: the stream is dropped, saying which
            for (String path : List.of("/close", "/break")) {
                r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url(path + "?after=800") + "\", \"status_callback_url\": \""
                        + cb.url("/socket") + "\"}");
                assertEquals(201, r.statusCode(), r.body());
                String sid = JSON.readTree(r.body()).path("stream_id").asText();
                cb.await(sid, "StartStream", Duration.ofSeconds(10));
                String error = cb.await(sid, "DroppedStream", Duration.ofSeconds(10)).params().get("Error");
                System.out.println(path + ": " + error);
                assertTrue(path.equals("/close") ? error.contains("the service closed the WebSocket (1000 done)")
                        : error.contains("the WebSocket broke") || error.contains("sending on the WebSocket failed"), path + ": " + error);
                assertEquals("dropped", JSON.readTree(api(gw, "GET", url + sid, user, null, null).body()).path("status").asText());
                assertEquals(1, cb.of(sid).stream().filter(x -> x.params().get("Event").matches("StopStream|DroppedStream")).count(), "one ending");
            }

            // a status callback URL that answers only after 5 s never holds the audio back
            r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url("/slow-callback") + "\", \"status_callback_url\": \""
                    + cb.url("/slow") + "\"}");
            assertEquals(201, r.statusCode(), r.body());
            String slow = JSON.readTree(r.body()).path("stream_id").asText();
            long startCallback = cb.await(slow, "StartStream", Duration.ofSeconds(10)).atMillis();
            JsonNode hundredth = ws.await("/slow-callback", l -> l.path("msg").path("media").path("chunk").asLong() >= 100, Duration.ofSeconds(10));
            long after = hundredth.path("at").asLong() - startCallback;
            System.out.printf("100 chunks (2 s) arrived %d ms after a StartStream callback that is answered after 5 s%n", after);
            assertTrue(after < 4_500, "the audio flowed while the callback was unanswered: " + after + " ms");
            // nor one that refuses connections
            r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url("/failing-callback") + "\", \"status_callback_url\": "
                    + "\"http://127.0.0.1:" + closedPort + "/events\"}");
            assertEquals(201, r.statusCode(), r.body());
            String failing = JSON.readTree(r.body()).path("stream_id").asText();
            ws.await("/failing-callback", l -> l.path("msg").path("media").path("chunk").asLong() >= 100, Duration.ofSeconds(10));
            assertEquals("streaming", JSON.readTree(api(gw, "GET", url + failing, user, null, null).body()).path("status").asText());

            // stream_timeout ends a stream with StopStream
            r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url("/short") + "\", \"stream_timeout\": 2, \"status_callback_url\": \""
                    + cb.url("/short") + "\"}");
            String shortId = JSON.readTree(r.body()).path("stream_id").asText();
            CallbackServer.Callback started = cb.await(shortId, "StartStream", Duration.ofSeconds(10));
            CallbackServer.Callback ended = cb.await(shortId, "StopStream", Duration.ofSeconds(10));
            assertTrue(ended.params().get("Error").contains("stream_timeout"), ended.params().toString());
            assertEquals(2_000, ended.atMillis() - started.atMillis(), 400);
            ws.await("/short", l -> l.has("closed"), Duration.ofSeconds(5));
            // the call ends: its streams end, each with StopStream saying so
            stopAll(senders);
            ws.await("/healthy", l -> l.has("closed"), Duration.ofSeconds(15));
            Map<String, String> callEnded = cb.await(healthy, "StopStream", Duration.ofSeconds(15)).params();
            assertTrue(callEnded.get("Error").contains("the call ended"), callEnded.toString());
        } finally {
            stopAll(senders);
        }
    }

    @Test
    @Order(6)
    void generatedAccountIsKeptPrivateAndNeverLogged() throws Exception {
        try (GatewayProcess gw = start(tmp.resolve("home"), null)) {
            Path file = gw.home.resolve("data/callstream.account");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.isRegularFile(file) && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            String id = p.getProperty("auth_id");
            String token = p.getProperty("auth_token");
            assertTrue(id.startsWith("MA") && id.length() == 20 && token.length() == 40, id);
            HttpResponse<String> ok = api(gw, "GET", base(gw) + "/v1/Account/" + id + "/Call/?status=live", id + ":" + token, null, null);
            assertEquals(200, ok.statusCode(), ok.body());
            assertFalse(gw.console().contains(token), "the token is never logged");
            assertFalse(Files.readString(gw.home.resolve("logs/gateway.log")).contains(token));
        }
    }

    @Test
    @Order(5)
    void replacingThePluginUnderLiveStreamsEndsThemWithStopStreamAndLeavesTheCallFlowing() throws Exception {
        List<Process> senders = new ArrayList<>();
        // last on the shared gateway: the plugin it replaces is the one the tests before used
        GatewayProcess gw = gateway();
        try (WsServer ws = new WsServer(tmp, modules); CallbackServer cb = new CallbackServer()) {
            String callId = call(gw, false, senders);
            String user = AUTH_ID + ":" + AUTH_TOKEN;
            String url = streamsUrl(gw, AUTH_ID, callId);
            List<String> ids = new ArrayList<>();
            for (String path : List.of("/swap-a", "/bidi")) {
                HttpResponse<String> r = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url(path) + "\", \"bidirectional\": "
                        + path.equals("/bidi") + ", \"status_callback_url\": \"" + cb.url("/swap") + "\"}");
                assertEquals(201, r.statusCode(), r.body());
                ids.add(JSON.readTree(r.body()).path("stream_id").asText());
            }
            for (String id : ids) cb.await(id, "StartStream", Duration.ofSeconds(10));
            long packetsBefore = JSON.readTree(gw.get("/streams/" + callId).body()).path("packets").asLong();

            Path jar;
            try (var jars = Files.list(Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath().resolve("bundles"))) {
                jar = jars.filter(f -> f.getFileName().toString().matches("gateway\\.callstream-.*\\.jar")).findFirst().orElseThrow();
            }
            HttpResponse<String> put = gw.send(HttpRequest.newBuilder(gw.uri("/plugins/gateway.callstream"))
                    .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofFile(jar)).build());
            assertEquals(200, put.statusCode(), put.body());
            for (String id : ids) {
                Map<String, String> stop = cb.await(id, "StopStream", Duration.ofSeconds(10)).params();
                assertTrue(stop.get("Error").contains("plugin stopped"), stop.toString());
            }
            ws.await("/swap-a", l -> l.has("closed"), Duration.ofSeconds(5));
            // the call flows on, and the new revision takes new streams
            JsonNode call = JSON.readTree(gw.get("/streams/" + callId).body());
            assertEquals("live", call.path("state").asText());
            Thread.sleep(500);
            assertTrue(JSON.readTree(gw.get("/streams/" + callId).body()).path("packets").asLong() > packetsBefore + 20, "packets keep coming");
            gw.await("/v1/Account/" + AUTH_ID + "/Call/?status=live", x -> x.statusCode() == 401, Duration.ofSeconds(10));
            HttpResponse<String> again = api(gw, "POST", url, user, "application/json", "{\"service_url\": \"" + ws.url("/swap-b") + "\"}");
            assertEquals(201, again.statusCode(), again.body());
            ws.await("/swap-b", l -> l.path("msg").path("event").asText().equals("media"), Duration.ofSeconds(10));
        } finally {
            stopAll(senders);
        }
    }
}
