package gateway.itest.e2e;

import static gateway.itest.e2e.WhipPeers.JSON;
import static gateway.itest.e2e.WhipPeers.aiortc;
import static gateway.itest.e2e.WhipPeers.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WHIP → SRT bridge of the real executable, driven through the reference document's flow by an
 * independent WebRTC stack (aiortc), with a real SRT listener (srt-live-transmit, or the gateway's own SRT
 * ingest) on the other side.
 */
class WhipBridgeTest {
    private static final String PASS = "whip-bridge-passphrase";

    @TempDir
    Path tmp;

    /** A gateway whose WHIP port pool is {@code poolSize} free ports. */
    private GatewayProcess start(int poolSize, String extraConfig) throws Exception {
        return start(poolSize, extraConfig, null);
    }

    /** The same, with JVM options added to bin/gateway's ({@code null} for none). */
    private GatewayProcess start(int poolSize, String extraConfig, String extraJavaOptions) throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < poolSize; i++) ports.append(i == 0 ? "" : ",").append(GatewayProcess.freePort());
        Files.writeString(home.resolve("etc/gateway.whip.cfg"), "ports = " + ports + "\n" + extraConfig);
        GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1", extraJavaOptions);
        gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
        gw.await("/whip", r -> r.statusCode() == 200, Duration.ofSeconds(10));
        return gw;
    }

    private static HttpResponse<String> post(GatewayProcess gw, String path, String type, String body) throws Exception {
        return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build());
    }

    private static HttpResponse<String> stream(GatewayProcess gw, int srtPort, String password) throws Exception {
        return post(gw, "/stream", "application/json", "{\"srt\": {\"host\": \"127.0.0.1\", \"port\": " + srtPort
                + (password == null ? "" : ", \"password\": \"" + password + "\"") + "}}");
    }

    private static int port(HttpResponse<String> created) throws Exception {
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("port").asInt();
    }

    private static String endpoint(int port) {
        return "http://127.0.0.1:" + port + "/whip/endpoint";
    }

    @Test
    void aiortcToneReachesAnSrtListenerAsOggOpusThroughTheDocumentedFlow() throws Exception {
        WhipPeers.requireAiortc();
        WhipPeers.requireSrtTools();
        PrometheusParsers.require();
        int srtPort = WhipPeers.freeUdpPort();
        Path received = tmp.resolve("received.ogg");
        Process listener = WhipPeers.srtListener(srtPort, PASS, received);
        try (GatewayProcess gw = start(1, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            HttpResponse<String> created = stream(gw, srtPort, PASS);
            JsonNode body = JSON.readTree(created.body());
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(List.of("stun", "port"), iterable(body.fieldNames()), "the document's shape");
            assertEquals("stun.l.google.com", body.path("stun").path("host").asText());
            assertEquals(19302, body.path("stun").path("port").asInt());
            assertTrue(created.headers().firstValue("Location").orElseThrow().startsWith("/whip/"));

            WhipPeers.Publisher pub = aiortc(endpoint(body.path("port").asInt()), "--hz", "1000", "--seconds", "4");
            JsonNode answered = pub.await("answered", Duration.ofSeconds(20));
            assertTrue(answered.path("contentType").asText().startsWith("application/sdp"), answered.toString());
            assertTrue(answered.path("location").asText().startsWith(endpoint(body.path("port").asInt()) + "/"), answered.toString());
            assertTrue(answered.path("etag").asText().startsWith("\""), answered.toString());
            assertTrue(answered.path("link").asText().contains("rel=\"ice-server\""), answered.toString());
            System.out.printf("WHIP offer -> 201 in %.1f ms (aiortc)%n", answered.path("ms").asDouble());

            JsonNode live = JSON.readTree(gw.await("/streams", r -> r.body().contains("\"origin\":\"whip\""), Duration.ofSeconds(10)).body()).get(0);
            assertEquals("opus", live.path("format").path("codec").asText());
            assertEquals(body.path("port").asText(), live.path("metadata").path("whip.port").asText());
            // GET /metrics, read by Prometheus's Python parser: the bridge is connected and holds the pool's one port
            PrometheusParsers.Samples during = PrometheusParsers.prometheus(gw.await("/metrics",
                    r -> r.body().contains("gateway_whip_bridges{state=\"connected\"} 1.0"), Duration.ofSeconds(10)).body());
            assertEquals(1, during.require("gateway_whip_bridges", "state", "connected"));
            assertEquals(0, during.require("gateway_whip_bridges", "state", "waiting"));
            assertEquals(1, during.require("gateway_whip_bridges_requested_total"));
            assertEquals(1, during.require("gateway_whip_pool_ports"));
            assertEquals(1, during.require("gateway_whip_pool_ports_in_use"));
            assertEquals(0, pub.waitFor(Duration.ofSeconds(30)), "published and deleted its session: " + pub.lines());

            JsonNode ended = awaitEvent(events, "whip-ended", Duration.ofSeconds(10));
            assertEquals("ended", ended.path("data").path("state").asText());
            assertEquals("publisher-ended", ended.path("data").path("cause").asText());
            assertTrue(ended.path("data").path("reason").asText().contains("DELETE"), ended.toString());
            assertTrue(ended.path("data").path("packets").asLong() >= 175, "about 4 s of 20 ms packets: " + ended);
            List<String> types = WhipPeers.types(events, "whip-");
            assertEquals(4, types.size(), types.toString());
            assertEquals("whip-requested", types.get(0));
            assertTrue(types.subList(1, 3).containsAll(List.of("whip-srt-connected", "whip-connected")), types.toString());
            assertEquals("whip-ended", types.get(3));

            // ended by its publisher: counted under that cause only, every packet relayed counted, the port free
            PrometheusParsers.Samples after = PrometheusParsers.prometheus(gw.get("/metrics").body());
            assertEquals(1, after.require("gateway_whip_bridges_ended_total", "state", "ended", "cause", "publisher-ended"));
            double endedTotal = after.all().stream().filter(x -> x.name().equals("gateway_whip_bridges_ended_total"))
                    .mapToDouble(PrometheusParsers.Sample::value).sum();
            assertEquals(1, endedTotal, "no other cause");
            assertEquals(ended.path("data").path("packets").asLong(), (long) after.require("gateway_whip_sent_packets_total"));
            assertEquals(0, after.require("gateway_whip_bridges", "state", "connected"));
            assertEquals(0, after.require("gateway_whip_pool_ports_in_use"));
            assertTrue(after.value("gateway_whip_dropped_frames_total").isPresent());

            WhipPeers.awaitOggEnd(received, Duration.ofSeconds(10)); // the last page has reached the listener
            listener.destroy();
            listener.waitFor();
            short[] pcm = WhipPeers.decode(received);
            double seconds = pcm.length / 48_000.0;
            assertTrue(seconds > 3.5 && seconds < 5, "4 s of audio arrived at the SRT listener: " + seconds);
            double tone = WhipPeers.level(pcm, 24_000, 96_000, 1000);
            double off = WhipPeers.level(pcm, 24_000, 96_000, 1500);
            System.out.printf("SRT listener received %.2f s; 1000 Hz level %.0f, 1500 Hz level %.1f%n", seconds, tone, off);
            assertTrue(tone > 3_000, "the tone is there: " + tone);
            assertTrue(off < tone / 100, "and nothing else: " + off + " vs " + tone);
        } finally {
            listener.destroyForcibly();
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** The typical pairing: reserve on the gateway's own SRT ingest, bridge WebRTC to it; publish at the main-port WHIP URL. */
    @Test
    void aReservationOnTheOwnSrtIngestReceivesTheBridgedStreamViaTheMainPortWhipUrl() throws Exception {
        WhipPeers.requireAiortc();
        try (GatewayProcess gw = start(1, "")) {
            String event = UUID.randomUUID().toString();
            HttpResponse<String> reserved = post(gw, "/reserve", "application/json", "{\"event\": \"" + event + "\"}");
            assertEquals(201, reserved.statusCode(), reserved.body());
            JsonNode r = JSON.readTree(reserved.body());
            HttpResponse<String> created = stream(gw, r.path("port").asInt(), r.path("credentials").path("token").asText());
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();

            WhipPeers.Publisher pub = aiortc(gw.uri(location).toString(), "--hz", "440", "--seconds", "4");
            JsonNode answered = pub.await("answered", Duration.ofSeconds(20));
            assertTrue(answered.path("location").asText().startsWith(gw.uri(location) + "/"), answered.toString());
            JsonNode streams = JSON.readTree(gw.await("/streams", x -> x.body().contains("\"origin\":\"srt\"")
                    && x.body().contains("\"origin\":\"whip\""), Duration.ofSeconds(10)).body());
            JsonNode ingest = null;
            for (JsonNode s : streams) if (s.path("origin").asText().equals("srt")) ingest = s;
            assertEquals(event, ingest.path("metadata").path("event").asText());
            assertEquals("gateway.whip (Concentus Opus encoder)", ingest.path("metadata").path("encoder").asText());
            String id = ingest.path("id").asText();
            assertEquals(0, pub.waitFor(Duration.ofSeconds(30)), pub.lines().toString());
            JsonNode ended = JSON.readTree(gw.await("/streams/" + id, x -> x.body().contains("\"ended\""), Duration.ofSeconds(15)).body());
            // 4 s published; connection set-up (ICE, DTLS, the SRT handshake) takes its share on a busy machine
            assertTrue(ended.path("packets").asLong() >= 125, "at least 2.5 s of audio went through the SRT ingest: " + ended);
        }
    }

    @Test
    void badOffersUnknownSessionsAndInvalidRequestsAreRefusedWithProblemDetails() throws Exception {
        WhipPeers.requireAiortc();
        // an SRT target that never answers: the bridge's session lives while the caller keeps trying (30 s)
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             GatewayProcess gw = start(1, "srtConnectTimeoutSeconds = 30\n")) {
            // POST /stream bodies
            for (String bad : List.of("{not json", "{}", "{\"srt\": {\"port\": 9000}}", "{\"srt\": {\"host\": \"h\", \"port\": 70000}}",
                    "{\"srt\": {\"host\": \"h\", \"port\": 9000}, \"codec\": \"mp3\"}",
                    "{\"srt\": {\"host\": \"h\", \"port\": 9000}, \"format\": \"mp4\"}",
                    "{\"srt\": {\"host\": \"h\", \"port\": 9000, \"password\": \"short\"}}",
                    "{\"srt\": {\"host\": \"h\", \"port\": 9000}, \"stun\": {\"host\": \"\"}}")) {
                HttpResponse<String> r = post(gw, "/stream", "application/json", bad);
                assertEquals(400, r.statusCode(), bad + " -> " + r.body());
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), bad);
            }
            HttpResponse<String> created = post(gw, "/stream", "application/json",
                    "{\"codec\": \"opus\", \"format\": \"ogg\", \"srt\": {\"host\": \"127.0.0.1\", \"port\": " + silent.getLocalPort() + ", \"password\": null},"
                            + " \"stun\": {\"host\": \"stun.example.org\", \"port\": 3478}}");
            int port = port(created);
            assertEquals("stun.example.org", JSON.readTree(created.body()).path("stun").path("host").asText());
            String main = created.headers().firstValue("Location").orElseThrow();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

            for (String url : List.of(endpoint(port), gw.uri(main).toString())) {
                HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/sdp")
                        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, garbage.statusCode(), url);
                assertTrue(garbage.body().contains("not an SDP offer"), garbage.body());
                assertTrue(garbage.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), url);
                // SDP enough for the bridge's own check, not for WebRTC's parser (no o= line), and a fingerprint WebRTC
                // cannot use: refused with WebRTC's reason, the endpoint answering on (a publisher comes below)
                for (String sdp : List.of("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n",
                        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
                                + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=fingerprint:sha-256 00:11\r\na=setup:actpass\r\n"
                                + "a=rtpmap:111 opus/48000/2\r\na=sendonly\r\na=rtcp-mux\r\n")) {
                    HttpResponse<String> unparsable = http.send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/sdp")
                            .POST(HttpRequest.BodyPublishers.ofString(sdp)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(400, unparsable.statusCode(), url + " " + unparsable.body());
                    assertTrue(JSON.readTree(unparsable.body()).path("detail").asText().startsWith("WebRTC"), unparsable.body());
                }
                HttpResponse<String> json = http.send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(415, json.statusCode(), url);
                assertEquals("POST an SDP offer with Content-Type application/sdp, not application/json",
                        JSON.readTree(json.body()).path("detail").asText(), url);
                assertEquals("application/sdp", json.headers().firstValue("Accept-Post").orElse(""), url);
                for (String method : List.of("DELETE", "PATCH")) {
                    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(java.net.URI.create(url + "/no-such-session"))
                            .header("Content-Type", "application/trickle-ice-sdpfrag")
                            .method(method, HttpRequest.BodyPublishers.ofString("a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(404, unknown.statusCode(), method + " " + url);
                    assertTrue(unknown.body().contains("no-such-session"), unknown.body());
                }
                HttpResponse<String> options = http.send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(204, options.statusCode(), url);
                assertEquals("<stun:stun.example.org:3478>; rel=\"ice-server\"", options.headers().firstValue("Link").orElse(""), url);
                assertTrue(options.headers().firstValue("Accept-Post").orElse("").contains("application/sdp"), url);
            }
            HttpResponse<String> unknownBridge = post(gw, "/whip/" + UUID.randomUUID(), "application/sdp", "v=0\r\n");
            assertEquals(404, unknownBridge.statusCode());
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(java.net.URI.create(endpoint(port)))
                    .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, put.statusCode());
            assertEquals("OPTIONS, POST", put.headers().firstValue("Allow").orElse(""));

            // real offers from aiortc: video only, and audio without Opus
            for (List<String> args : List.of(List.of("--video-only"), List.of("--codec", "PCMU"))) {
                List<String> all = new java.util.ArrayList<>(List.of(endpoint(port)));
                all.addAll(args);
                WhipPeers.Publisher p = aiortc(all.toArray(String[]::new));
                JsonNode error = p.await("error", Duration.ofSeconds(20));
                assertEquals(400, error.path("status").asInt(), error.toString());
                assertEquals("application/problem+json", error.path("contentType").asText());
                String detail = JSON.readTree(error.path("body").asText()).path("detail").asText();
                assertTrue(detail.contains(args.get(0).equals("--video-only") ? "no audio" : "no Opus"), detail);
                p.waitFor(Duration.ofSeconds(10));
            }
            assertEquals("waiting", JSON.readTree(gw.get("/whip").body()).get(0).path("state").asText(), "refused offers leave the bridge waiting");

            // a session's PATCH on both ports: the content type it takes, a malformed If-Match, an ICE restart
            WhipPeers.Publisher pub = aiortc(endpoint(port), "--seconds", "30", "--keep");
            String session = pub.await("answered", Duration.ofSeconds(20)).path("location").asText();
            String sessionPath = session.substring(session.indexOf("/whip/endpoint/"));
            for (String url : List.of(session, gw.uri(main + sessionPath.substring("/whip/endpoint".length())).toString())) {
                HttpResponse<String> text = http.send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "text/plain")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(415, text.statusCode(), url + " " + text.body());
                assertEquals("PATCH takes Content-Type application/trickle-ice-sdpfrag, not text/plain", JSON.readTree(text.body()).path("detail").asText());
                assertEquals("application/trickle-ice-sdpfrag", text.headers().firstValue("Accept-Patch").orElse(""));
                HttpResponse<String> stale = http.send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/trickle-ice-sdpfrag").header("If-Match", "\"another-session\"")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("a=ice-ufrag:x\r\n")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(412, stale.statusCode(), url + " " + stale.body());
                HttpResponse<String> restart = http.send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/trickle-ice-sdpfrag")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("a=ice-ufrag:newufrag\r\na=ice-pwd:newpassword0123456789\r\n")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(422, restart.statusCode(), url + " " + restart.body());
                assertEquals("application/problem+json", restart.headers().firstValue("Content-Type").orElse(""));
                HttpResponse<String> garbled = http.send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/trickle-ice-sdpfrag")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("a=candidate:garbage\r\n")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, garbled.statusCode(), url + " " + garbled.body());
                assertTrue(JSON.readTree(garbled.body()).path("detail").asText().startsWith("malformed candidate 'candidate:garbage'"), garbled.body());
                HttpResponse<String> late = http.send(HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/trickle-ice-sdpfrag")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString("a=mid:0\r\na=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\n")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(204, late.statusCode(), url + " " + late.body());
            }
            HttpResponse<String> second = post(gw, main, "application/sdp", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n");
            assertEquals(409, second.statusCode(), "one publisher per bridge: " + second.body());
            pub.process().destroy();
        }
    }

    @Test
    void aPublishTokenIsRequiredWhenConfigured() throws Exception {
        WhipPeers.requireAiortc();
        try (GatewayProcess gw = start(1, "whipToken = s3cret-publish-token\n")) {
            int port = port(stream(gw, 9, null));
            HttpResponse<String> anonymous = gw.send(HttpRequest.newBuilder(java.net.URI.create(endpoint(port)))
                    .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString("v=0\r\n")).build());
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            WhipPeers.Publisher wrong = aiortc(endpoint(port), "--token", "wrong-token", "--seconds", "1");
            assertEquals(401, wrong.await("error", Duration.ofSeconds(20)).path("status").asInt());
            wrong.waitFor(Duration.ofSeconds(10));
            WhipPeers.Publisher right = aiortc(endpoint(port), "--token", "s3cret-publish-token", "--seconds", "1");
            right.await("answered", Duration.ofSeconds(20));
            assertEquals(0, right.waitFor(Duration.ofSeconds(30)), right.lines().toString());
            assertTrue(!Files.readString(gw.home.resolve("logs/gateway.log")).contains("s3cret-publish-token"), "the token is never logged");
        }
    }

    /**
     * An SRT host without an address is refused when the bridge is requested, naming the field, before a port
     * is taken: the next correct request gets the pool's only port at once.
     */
    @Test
    void anSrtHostThatDoesNotResolveIsRefusedAtOnceAndTakesNoPort() throws Exception {
        try (GatewayProcess gw = start(1, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            long t0 = System.nanoTime();
            HttpResponse<String> refused = post(gw, "/stream", "application/json",
                    "{\"srt\": {\"host\": \"no-such-host.invalid\", \"port\": 9000, \"password\": \"" + PASS + "\"}}");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            String detail = JSON.readTree(refused.body()).path("detail").asText();
            assertTrue(detail.startsWith("'srt.host': 'no-such-host.invalid' does not resolve to an address"), detail);
            assertTrue(ms < 3_000, "refused after " + ms + " ms");
            int port = port(stream(gw, 9, null));
            assertEquals(port, JSON.readTree(gw.get("/whip").body()).get(0).path("port").asInt(), "the one port, no 409");
            assertEquals(List.of("whip-requested"), WhipPeers.types(events, "whip-"), "the refused request left no bridge behind");
            assertCleanConsole(gw);
        }
    }

    /**
     * A host that resolves where nothing listens: the bridge ends as soon as the SRT connection fails (at once
     * when the network refuses, at the latest after the connect timeout), with the reason, and frees its port.
     */
    @Test
    void anUnreachableSrtTargetEndsTheBridgeWithTheReasonAndFreesThePort() throws Exception {
        WhipPeers.requireAiortc();
        try (GatewayProcess gw = start(1, "srtConnectTimeoutSeconds = 2\n")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            int nobody = WhipPeers.freeUdpPort();
            HttpResponse<String> created = post(gw, "/stream", "application/json",
                    "{\"srt\": {\"host\": \"localhost\", \"port\": " + nobody + ", \"password\": \"" + PASS + "\"}}");
            int port = port(created);
            long t0 = System.nanoTime();
            WhipPeers.Publisher pub = aiortc(endpoint(port), "--seconds", "6", "--keep");
            JsonNode ended = awaitEvent(events, "whip-ended", Duration.ofSeconds(15));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("failed", ended.path("data").path("state").asText());
            assertEquals("srt-unreachable", ended.path("data").path("cause").asText());
            assertTrue(ended.path("data").path("reason").asText().startsWith("the SRT target localhost:" + nobody + " is unreachable"), ended.toString());
            assertTrue(ms < 2_000 + 5_000, "ended " + ms + " ms after the offer (connect timeout 2 s)");
            assertEquals(port, port(stream(gw, 9, null)), "the port is free again, no 409");
            // the publisher learnt it: its offer was answered and the connection then closed, or, when the SRT
            // connection failed while the offer was being answered, the offer was refused with the reason
            pub.process().destroy();
            pub.waitFor(Duration.ofSeconds(10));
            JsonNode error = pub.lines().stream().filter(l -> l.path("event").asText().equals("error")).findFirst().orElse(null);
            if (error != null) {
                assertEquals(404, error.path("status").asInt(), error.toString());
                assertTrue(error.path("body").asText().contains("is unreachable"), error.toString());
            }
            System.out.printf("unreachable SRT target: bridge ended %d ms after the offer; the publisher %s%n", ms,
                    error == null ? "had its answer" : "got 404 for its offer");
            assertCleanConsole(gw);
        }
    }

    /** Nothing escaped a thread of the gateway onto the console (the log has the traces of handled failures). */
    private static void assertCleanConsole(GatewayProcess gw) {
        String console = gw.console();
        assertTrue(!console.contains("Exception in thread") && !console.contains("UnresolvedAddressException"), console);
    }

    @Test
    void anSrtTargetThatRefusesThePassphraseEndsTheBridgeWithTheReason() throws Exception {
        WhipPeers.requireAiortc();
        try (GatewayProcess gw = start(1, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            HttpResponse<String> reserved = post(gw, "/reserve", "application/json", "{\"event\": \"" + UUID.randomUUID() + "\"}");
            int srtPort = JSON.readTree(reserved.body()).path("port").asInt();
            int port = port(stream(gw, srtPort, "not-the-reservation-token"));
            WhipPeers.Publisher pub = aiortc(endpoint(port), "--seconds", "5", "--keep");
            JsonNode ended = awaitEvent(events, "whip-ended", Duration.ofSeconds(15));
            assertEquals("failed", ended.path("data").path("state").asText());
            assertEquals("srt-refused", ended.path("data").path("cause").asText());
            assertTrue(ended.path("data").path("reason").asText().contains("refused"), ended.toString());
            pub.process().destroy();
            assertEquals(port, port(stream(gw, 9, null)), "the port is free again");
        }
    }

    @Test
    void anSrtTargetThatDisappearsMidStreamEndsTheBridgeWithTheReason() throws Exception {
        WhipPeers.requireAiortc();
        WhipPeers.requireSrtTools();
        int srtPort = WhipPeers.freeUdpPort();
        Process listener = WhipPeers.srtListener(srtPort, null, tmp.resolve("cut.ogg"));
        try (GatewayProcess gw = start(1, "")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            int port = port(stream(gw, srtPort, null));
            WhipPeers.Publisher pub = aiortc(endpoint(port), "--seconds", "20", "--keep");
            pub.await("connected", Duration.ofSeconds(20));
            awaitEvent(events, "whip-srt-connected", Duration.ofSeconds(10));
            WhipPeers.awaitSize(tmp.resolve("cut.ogg"), 20_000, Duration.ofSeconds(20)); // about a second of audio has arrived
            listener.destroyForcibly(); // gone without a goodbye: the caller notices by the silence (peer idle timeout)
            JsonNode ended = awaitEvent(events, "whip-ended", Duration.ofSeconds(20));
            assertEquals("failed", ended.path("data").path("state").asText());
            assertEquals("srt-closed", ended.path("data").path("cause").asText());
            assertTrue(ended.path("data").path("reason").asText().contains("closed the connection"), ended.toString());
            assertTrue(ended.path("data").path("packets").asLong() > 40, ended.toString());
            String stream = ended.path("data").path("stream").asText();
            JsonNode live = JSON.readTree(gw.await("/streams/" + stream, r -> r.body().contains("\"failed\""), Duration.ofSeconds(10)).body());
            assertTrue(live.toString().contains("closed the connection"), "the live stream failed with the reason: " + live);
            pub.process().destroy();
        } finally {
            listener.destroyForcibly();
        }
    }

    /** Distinct copies of webrtc-java's native library mapped into the gateway's JVM. */
    private static long nativeCopies(ProcessHandle jvm) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + jvm.pid() + "/maps")).stream()
                .filter(l -> l.contains("libwebrtc-java")).map(l -> l.substring(l.indexOf('/'))).distinct().count();
    }

    /** Hot swap: the WHIP plugin is replaced while an SRT ingest stream flows; the native library stays loaded once. */
    @Test
    void updatingTheWhipPluginKeepsOtherStreamsAndLoadsNoSecondNativeLibrary() throws Exception {
        WhipPeers.requireAiortc();
        WhipPeers.requireSrtTools();
        int srtPort = WhipPeers.freeUdpPort();
        Process listener = WhipPeers.srtListener(srtPort, null, tmp.resolve("swap.ogg"));
        try (GatewayProcess gw = start(1, "")) {
            ProcessHandle jvm = WhipPeers.jvm(gw.home);
            WhipPeers.Publisher first = aiortc(gw.uri("/stream").toString(), "--repeat", "1", "--srt", "127.0.0.1:" + srtPort, "--seconds", "1");
            assertEquals(0, first.waitFor(Duration.ofSeconds(60)), first.lines().toString());
            assertEquals(1, nativeCopies(jvm));

            // another plugin's stream: the document's ffmpeg sender into the SRT ingest
            HttpResponse<String> reserved = post(gw, "/reserve", "application/json", "{\"event\": \"" + UUID.randomUUID() + "\"}");
            String token = JSON.readTree(reserved.body()).path("credentials").path("token").asText();
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi",
                    "-i", "sine=frequency=440:duration=8", "-c:a", "libopus", "-page_duration", "20000", "-f", "ogg",
                    "-passphrase", token, "srt://127.0.0.1:" + gw.port).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            JsonNode ingest = JSON.readTree(gw.await("/streams", r -> r.body().contains("\"origin\":\"srt\""), Duration.ofSeconds(10)).body());
            String ingestId = null;
            for (JsonNode st : ingest) if (st.path("origin").asText().equals("srt")) ingestId = st.path("id").asText();

            Path jar;
            try (var jars = Files.list(Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway"), "bundles"))) {
                jar = jars.filter(j -> j.getFileName().toString().startsWith("gateway.whip-")).findFirst().orElseThrow();
            }
            HttpResponse<String> updated = gw.send(HttpRequest.newBuilder(gw.uri("/plugins/gateway.whip"))
                    .header("Content-Type", "application/java-archive").PUT(HttpRequest.BodyPublishers.ofFile(jar))
                    .timeout(Duration.ofSeconds(30)).build());
            assertEquals(200, updated.statusCode(), updated.body());
            gw.await("/whip", r -> r.statusCode() == 200, Duration.ofSeconds(10));

            WhipPeers.Publisher second = aiortc(gw.uri("/stream").toString(), "--repeat", "2", "--srt", "127.0.0.1:" + srtPort, "--seconds", "1");
            assertEquals(0, second.waitFor(Duration.ofSeconds(60)), "the updated plugin bridges again: " + second.lines());
            assertEquals(1, nativeCopies(jvm), "the native library was not loaded again");

            assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, ffmpeg.exitValue(), "the SRT ingest stream went on through the update");
            JsonNode ended = JSON.readTree(gw.await("/streams/" + ingestId, r -> r.body().contains("\"ended\""), Duration.ofSeconds(10)).body());
            assertTrue(ended.path("packets").asLong() >= 390, "8 s of the other plugin's stream arrived: " + ended);
        } finally {
            listener.destroyForcibly();
        }
    }

    /** A free TCP port whose next port is free too (the pool's default). */
    private static int freePortPair() throws Exception {
        for (int i = 0; i < 50; i++) {
            int p = GatewayProcess.freePort();
            try (java.net.ServerSocket next = new java.net.ServerSocket(p + 1)) {
                return p;
            } catch (java.io.IOException taken) {
                // try another
            }
        }
        throw new AssertionError("no two free ports in a row");
    }

    private static HttpResponse<String> request(java.net.http.HttpClient http, int port, String method, String path, String json)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (json != null) b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Repeats a request until its answer has the status (the server or the resource is still moving). */
    private static HttpResponse<String> awaitStatus(java.net.http.HttpClient http, int port, String method, String path, String json,
                                                    int status, Process gw) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            if (!gw.isAlive()) throw new AssertionError("the gateway exited");
            try {
                last = request(http, port, method, path, json);
                if (last.statusCode() == status) return last;
            } catch (java.io.IOException notListening) {
                // not there yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError(method + " " + path + " on " + port + " never answered " + status + ": "
                + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    /**
     * The README's promise with the HTTP port set only in {@code etc/gateway.http.cfg} (no --port, no environment
     * variable) and no {@code ports}: the pool is that port + 1, and it follows a change of the file while the
     * gateway runs (the gateway's HTTP address is its one source of truth).
     */
    @Test
    void withoutPortsThePoolIsTheHttpPortFromTheFilePlusOneAndFollowsItsChange() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        int first = freePortPair();
        Files.writeString(home.resolve("etc/gateway.http.cfg"), "port = " + first + "\nhost = 127.0.0.1\n");
        Path dist = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/gateway").toString(), "--home", home.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("GATEWAY_HTTP_PORT");
        pb.environment().remove("GATEWAY_HTTP_HOST");
        Process gw = pb.start();
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = "{\"srt\": {\"host\": \"127.0.0.1\", \"port\": 9}}";
        try {
            HttpResponse<String> created = awaitStatus(http, first, "POST", "/stream", body, 201, gw);
            assertEquals(first + 1, JSON.readTree(created.body()).path("port").asInt(), created.body());

            int second = freePortPair();
            Files.writeString(home.resolve("etc/gateway.http.cfg"), "port = " + second + "\nhost = 127.0.0.1\n");
            HttpResponse<String> moved = awaitStatus(http, second, "POST", "/stream", body, 201, gw);
            assertEquals(second + 1, JSON.readTree(moved.body()).path("port").asInt(), moved.body());
            try (java.net.Socket s = new java.net.Socket()) {
                assertThrows(java.io.IOException.class, () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", first + 1), 1000),
                        "the old pool port is closed: its bridge ended with the old address");
            }
        } finally {
            gw.destroy();
            if (!gw.waitFor(20, TimeUnit.SECONDS)) gw.destroyForcibly().waitFor();
        }
    }

    @Test
    void whenEveryPortIsTakenTheRequestGets409() throws Exception {
        try (GatewayProcess gw = start(2, "")) {
            int a = port(stream(gw, 9, null));
            int b = port(stream(gw, 9, null));
            assertNotEquals(a, b);
            HttpResponse<String> full = stream(gw, 9, null);
            assertEquals(409, full.statusCode(), full.body());
            assertTrue(full.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(JSON.readTree(full.body()).path("detail").asText().contains("in use"), full.body());
            assertEquals(2, JSON.readTree(gw.get("/whip").body()).size());
        }
    }

    @Test
    void theWatchdogEndsABridgeNobodyUsesAndFreesItsPort() throws Exception {
        try (GatewayProcess gw = start(1, "noMediaTimeoutSeconds = 2\n")) {
            WhipPeers.Reports events = WhipPeers.events(gw);
            int port = port(stream(gw, 9, null));
            assertEquals(409, stream(gw, 9, null).statusCode());
            long t0 = System.nanoTime();
            JsonNode ended = awaitEvent(events, "whip-ended", Duration.ofSeconds(10));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("no-media", ended.path("data").path("cause").asText());
            assertEquals("ended", ended.path("data").path("state").asText());
            assertTrue(ended.path("data").path("reason").asText().contains("no media for 2 s"), ended.toString());
            assertTrue(ms >= 1_000 && ms < 5_000, "ended after " + ms + " ms");
            try (java.net.Socket s = new java.net.Socket()) {
                assertThrows(java.io.IOException.class, () -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000),
                        "the WHIP server on the port is gone");
            }
            assertEquals(port, port(stream(gw, 9, null)), "the port can be requested again");
        }
    }

    @Test
    void fiftyBridgesInARowLeaveNoThreadsDescriptorsOrNativeMemoryBehind() throws Exception {
        WhipPeers.requireAiortc();
        WhipPeers.requireSrtTools();
        int srtPort = WhipPeers.freeUdpPort();
        Process listener = WhipPeers.srtListener(srtPort, null, tmp.resolve("fifty.ogg"));
        try (GatewayProcess gw = start(1, "", "-XX:NativeMemoryTracking=summary")) {
            ProcessHandle jvm = WhipPeers.jvm(gw.home);
            // Warm-up: WebRTC's factory and threads start with the first bridge and stay; the first tens of
            // bridges also grow the native allocator's arenas and caches once. So: 5 bridges, then 50 whose
            // threads and descriptors are compared, then 100 more whose native memory is compared.
            bridges(gw, srtPort, 5);
            long threads0 = WhipPeers.threads(jvm), fds0 = WhipPeers.fds(jvm);
            WhipPeers.Memory m0 = WhipPeers.memory(jvm);
            double[] answers = bridges(gw, srtPort, 50);
            long threads1 = WhipPeers.threads(jvm), fds1 = WhipPeers.fds(jvm);
            WhipPeers.Memory m1 = WhipPeers.memory(jvm);
            long t0 = System.nanoTime();
            bridges(gw, srtPort, 100);
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            long threads2 = WhipPeers.threads(jvm), fds2 = WhipPeers.fds(jvm);
            WhipPeers.Memory m2 = WhipPeers.memory(jvm);
            long native1 = m1.outsideJvmKb(), native2 = m2.outsideJvmKb();
            System.out.printf("100 bridges in %d s; offer->201 median %.1f ms, max %.1f ms; threads %d -> %d -> %d, fds %d -> %d -> %d; "
                            + "RSS %d -> %d -> %d kB; outside the JVM's own memory %d -> %d -> %d kB (last 100: %+d kB)%n",
                    seconds, answers[answers.length / 2], answers[answers.length - 1], threads0, threads1, threads2,
                    fds0, fds1, fds2, m0.rssKb(), m1.rssKb(), m2.rssKb(), m0.outsideJvmKb(), native1, native2, native2 - native1);
            assertTrue(threads1 <= threads0 + 3 && threads2 <= threads0 + 3, "threads " + threads0 + " -> " + threads1 + " -> " + threads2);
            assertTrue(fds1 <= fds0 + 5 && fds2 <= fds0 + 5, "file descriptors " + fds0 + " -> " + fds1 + " -> " + fds2);
            // A peer connection that is closed but not freed costs ~90 kB here (8-10 MB per 100 bridges); what
            // the allocator keeps varies by up to ~3 MB from one measurement to the next. Freeing
            // needs the foreign function API: always there on Java 22+, a preview on Java 21 that may be refused.
            boolean unreleased = gw.console().contains("will leave its native peer connection in memory");
            assertTrue(!unreleased || Runtime.version().feature() < 22, gw.console());
            if (!unreleased) {
                assertTrue(native2 - native1 < 5_500, "native memory grew by " + (native2 - native1) + " kB over 100 bridges");
            }
            assertTrue(JSON.readTree(gw.get("/streams").body()).findValues("state").stream().noneMatch(s -> s.asText().equals("live")));
        } finally {
            listener.destroyForcibly();
        }
    }

    /** {@code n} bridges in a row, each 0.1 s of audio from aiortc once connected, then ended by DELETE; returns the offer→201 times. */
    private double[] bridges(GatewayProcess gw, int srtPort, int n) throws Exception {
        WhipPeers.Publisher p = aiortc(gw.uri("/stream").toString(), "--repeat", String.valueOf(n), "--srt", "127.0.0.1:" + srtPort, "--seconds", "0.1");
        assertEquals(0, p.waitFor(Duration.ofSeconds(20L * n)), p.lines().toString());
        List<JsonNode> lines = p.lines();
        assertEquals(n, lines.stream().filter(l -> l.path("event").asText().equals("round")).count());
        gw.await("/whip", r -> r.body().equals("[]"), Duration.ofSeconds(10));
        StringBuilder slow = new StringBuilder();
        double previous = lines.get(0).path("t").asDouble();
        for (JsonNode l : lines) {
            double t = l.path("t").asDouble();
            if (t - previous > 1.0) slow.append(String.format(" %s after %.2f s;", l.path("event").asText(), t - previous));
            previous = t;
        }
        if (!slow.isEmpty()) System.out.println("slow steps:" + slow);
        return lines.stream().filter(l -> l.path("event").asText().equals("answered"))
                .mapToDouble(l -> l.path("ms").asDouble()).sorted().toArray();
    }

    private static void assertThrows(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e, String message) {
        org.junit.jupiter.api.Assertions.assertThrows(type, e, message);
    }
}
