package gateway.itest.e2e;

import static gateway.itest.e2e.WhipPeers.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference document's browser client, {@code @eyevinn/whip-web-client} (from npm, bundled with esbuild),
 * in headless Chromium with a fake microphone playing a tone, publishing through the documented flow to a
 * real SRT listener.
 */
class WhipChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path WEB = Path.of("target/whip-web").toAbsolutePath();

    @TempDir
    Path tmp;

    private static int run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("build.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** The client from npm, bundled for the browser once per build (target/whip-web). */
    static Path bundle() throws Exception {
        Path bundle = WEB.resolve("whip-bundle.js");
        if (Files.isRegularFile(bundle)) return bundle;
        Files.createDirectories(WEB);
        Files.writeString(WEB.resolve("package.json"), "{\"name\": \"whip-web-page\", \"private\": true}\n");
        Files.writeString(WEB.resolve("entry.js"), "export { WHIPClient } from \"@eyevinn/whip-web-client\";\n");
        assertEquals(0, run(WEB, "npm", "install", "--no-audit", "--no-fund", "@eyevinn/whip-web-client@1.1.7", "esbuild@0.28.2"),
                Files.readString(WEB.resolve("build.log")));
        assertEquals(0, run(WEB, "node_modules/.bin/esbuild", "entry.js", "--bundle", "--format=esm", "--outfile=whip-bundle.js"),
                Files.readString(WEB.resolve("build.log")));
        return bundle;
    }

    /** Serves the page and the bundle, and collects the page's reports. */
    private static HttpServer pageServer(Path bundle, List<JsonNode> reports) throws Exception {
        return pageServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16), bundle, reports);
    }

    /** Serves the page and the bundle on a server the caller made (HTTP or HTTPS), and collects the page's reports. */
    static HttpServer pageServer(HttpServer s, Path bundle, List<JsonNode> reports) throws Exception {
        byte[] page = WhipChromiumTest.class.getResourceAsStream("/whip/whip-page.html").readAllBytes();
        byte[] js = Files.readAllBytes(bundle);
        s.createContext("/", x -> {
            try (x) {
                String path = x.getRequestURI().getPath();
                if (path.equals("/report")) {
                    reports.add(JSON.readTree(x.getRequestBody().readAllBytes()));
                    reply(x, 204, null, null);
                } else if (path.equals("/page.html")) {
                    reply(x, 200, "text/html; charset=utf-8", page);
                } else if (path.equals("/whip-bundle.js")) {
                    reply(x, 200, "text/javascript", js);
                } else {
                    reply(x, 404, null, null);
                }
            }
        });
        s.start();
        return s;
    }

    private static void reply(HttpExchange x, int status, String type, byte[] body) throws IOException {
        if (type != null) x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) x.getResponseBody().write(body);
    }

    static JsonNode await(List<JsonNode> reports, String event, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : reports) {
                if (r.path("event").asText().equals(event)) return r;
                if (r.path("event").asText().equals("error")) throw new AssertionError("the page failed: " + r);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + event + "' from the page within " + within + ": " + reports);
    }

    @Test
    void whipWebClientInHeadlessChromiumPublishesTheMicrophoneToAnSrtListener() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(Path.of("/usr/bin/npm"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("chromium and npm are required in CI");
        assumeTrue(present, "chromium or npm not installed");
        WhipPeers.requireSrtTools();
        Path bundle = bundle();

        Path tone = tmp.resolve("tone.wav"); // the fake microphone
        assertEquals(0, new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "sine=frequency=880:duration=30", "-ar", "48000", "-ac", "1", tone.toString()).start().waitFor());
        int srtPort = WhipPeers.freeUdpPort();
        Path received = tmp.resolve("received.ogg");
        Process listener = WhipPeers.srtListener(srtPort, "chromium-passphrase", received);
        List<JsonNode> reports = new CopyOnWriteArrayList<>();
        HttpServer pages = pageServer(bundle, reports);
        Process chromium = null;
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        int whipPort = GatewayProcess.freePort();
        Files.writeString(home.resolve("etc/gateway.whip.cfg"), "ports = " + whipPort + "\nwhipToken = browser-token\n");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            gw.await("/whip", r -> r.statusCode() == 200, Duration.ofSeconds(10));
            List<JsonNode> frames = gw.events();
            // the STUN server announced is a local port: the browser's ICE stays on this machine
            HttpResponse<String> created = gw.send(HttpRequest.newBuilder(gw.uri("/stream")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"srt\": {\"host\": \"127.0.0.1\", \"port\": " + srtPort
                            + ", \"password\": \"chromium-passphrase\"}, \"stun\": {\"host\": \"127.0.0.1\", \"port\": "
                            + WhipPeers.freeUdpPort() + "}}")).build());
            assertEquals(201, created.statusCode(), created.body());
            String endpoint = "http://127.0.0.1:" + JSON.readTree(created.body()).path("port").asInt() + "/whip/endpoint";

            String url = "http://127.0.0.1:" + pages.getAddress().getPort() + "/page.html?seconds=4&token=browser-token&endpoint="
                    + URLEncoder.encode(endpoint, StandardCharsets.UTF_8);
            chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                    "--no-default-browser-check", "--user-data-dir=" + tmp.resolve("profile"),
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + tone,
                    // plain host candidates instead of mDNS names (mDNS would multicast on the network)
                    "--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--remote-debugging-port=0", url)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();

            // whip-web-client 1.1.7 asks OPTIONS (with the token) but parses only the pre-RFC Link form without <...>;
            // the gateway sends RFC 9725's <stun:...>; rel="ice-server", so the client goes on with host candidates only
            JsonNode ice = await(reports, "ice-servers", Duration.ofSeconds(30));
            assertTrue(ice.path("detail").asText().equals("[]") || ice.path("detail").asText().contains("stun:127.0.0.1:"), ice.toString());
            JsonNode ingesting = await(reports, "ingesting", Duration.ofSeconds(30));
            JsonNode connected = await(reports, "connected", Duration.ofSeconds(20));
            System.out.printf("Chromium: ingest() resolved in %s ms, connected after %s ms%n",
                    ingesting.path("detail").asText(), connected.path("detail").asText());
            await(reports, "done", Duration.ofSeconds(30));
            JsonNode ended = GatewayProcess.awaitEvent(frames, "whip-ended", Duration.ofSeconds(10));
            assertTrue(ended.path("data").path("reason").asText().contains("DELETE"), ended.toString());
            assertTrue(frames.stream().anyMatch(f -> f.path("type").asText().equals("whip-connected")));

            Thread.sleep(500);
            listener.destroy();
            listener.waitFor();
            short[] pcm = WhipPeers.decode(received);
            double seconds = pcm.length / 48_000.0;
            assertTrue(seconds > 3 && seconds < 6, "about 4 s arrived at the SRT listener: " + seconds);
            int from = pcm.length / 4;
            double toneLevel = WhipPeers.level(pcm, from, pcm.length / 2, 880);
            double off = WhipPeers.level(pcm, from, pcm.length / 2, 1320);
            System.out.printf("Chromium -> SRT: %.2f s; 880 Hz level %.0f, 1320 Hz level %.1f%n", seconds, toneLevel, off);
            // Chromium processes the microphone (noise suppression attenuates a steady tone by about 20 dB)
            assertTrue(toneLevel > 50 && off < toneLevel / 30, "the microphone's tone arrived: " + toneLevel + " vs " + off);
        } finally {
            if (chromium != null) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
            }
            pages.stop(0);
            listener.destroyForcibly();
        }
    }
}
