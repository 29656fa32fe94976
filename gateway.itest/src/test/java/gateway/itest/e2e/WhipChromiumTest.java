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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference document's browser client, {@code @eyevinn/whip-web-client} (from npm, bundled with esbuild),
 * in headless Chromium with a fake microphone playing a tone, publishing through the documented flow to a
 * real SRT listener.
 *
 * <p>The steps are static so that other tests (e.g. the same flow over HTTPS) can reuse them:
 * {@link #requireChromium()}, {@link #fakeMicrophone}, {@link #publish} (page server, Chromium, the page's
 * reports) and {@link #assertToneArrived}.
 */
class WhipChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path WEB = Path.of("target/whip-web").toAbsolutePath();

    @TempDir
    Path tmp;

    /** Skips (or, in CI, fails) when Chromium or npm is missing. */
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(Path.of("/usr/bin/npm"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("chromium and npm are required in CI");
        assumeTrue(present, "chromium or npm not installed");
    }

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
    static synchronized Path bundle() throws Exception {
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

    /** A WAV tone for Chromium's fake microphone. */
    static Path fakeMicrophone(Path dir, int hz) throws Exception {
        Path tone = dir.resolve("tone-" + hz + ".wav");
        assertEquals(0, new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "sine=frequency=" + hz + ":duration=30", "-ar", "48000", "-ac", "1", tone.toString()).start().waitFor());
        return tone;
    }

    /** Serves the page and the bundle on loopback (a secure context for the browser), and collects the page's reports. */
    private static HttpServer pageServer(Path bundle, WhipPeers.Reports reports) throws Exception {
        byte[] page = WhipChromiumTest.class.getResourceAsStream("/whip/whip-page.html").readAllBytes();
        byte[] js = Files.readAllBytes(bundle);
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
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

    /**
     * Publishes Chromium's fake microphone through whip-web-client to a WHIP endpoint until the page reports
     * {@code done} (it has sent DELETE), then ends Chromium and the page server.
     *
     * @param dir          for Chromium's profile and log
     * @param endpoint     the WHIP endpoint URL
     * @param token        the bearer token, or null
     * @param seconds      how long to publish
     * @param tone         the fake microphone's WAV file
     * @param extraFlags   more Chromium flags (e.g. to trust a test certificate)
     * @return the page's reports ({@code ice-servers}, {@code ingesting}, {@code connected}, {@code done})
     */
    static WhipPeers.Reports publish(Path dir, String endpoint, String token, int seconds, Path tone, String... extraFlags) throws Exception {
        WhipPeers.Reports reports = new WhipPeers.Reports();
        HttpServer pages = pageServer(bundle(), reports);
        Process chromium = null;
        try {
            String url = "http://127.0.0.1:" + pages.getAddress().getPort() + "/page.html?seconds=" + seconds
                    + (token == null ? "" : "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                    + "&endpoint=" + URLEncoder.encode(endpoint, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                    "--no-default-browser-check", "--user-data-dir=" + dir.resolve("profile"),
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + tone,
                    // plain host candidates instead of mDNS names (mDNS would multicast on the network)
                    "--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--remote-debugging-port=0"));
            cmd.addAll(List.of(extraFlags));
            cmd.add(url);
            chromium = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
            reports.await("event", "ice-servers", "error", Duration.ofSeconds(30));
            JsonNode ingesting = reports.await("event", "ingesting", "error", Duration.ofSeconds(30));
            JsonNode connected = reports.await("event", "connected", "error", Duration.ofSeconds(20));
            System.out.printf("Chromium: ingest() resolved in %s ms, connected after %s ms%n",
                    ingesting.path("detail").asText(), connected.path("detail").asText());
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

    /**
     * Decodes what the SRT listener received and checks that it is the tone: about {@code seconds} long, loud
     * at {@code hz} and quiet at 1.5 × {@code hz}.
     */
    static void assertToneArrived(Path received, int hz, double seconds) throws Exception {
        short[] pcm = WhipPeers.decode(received);
        double got = pcm.length / 48_000.0;
        assertTrue(got > seconds - 1 && got < seconds + 2, "about " + seconds + " s arrived at the SRT listener: " + got);
        int from = pcm.length / 4;
        double toneLevel = WhipPeers.level(pcm, from, pcm.length / 2, hz);
        double off = WhipPeers.level(pcm, from, pcm.length / 2, hz * 1.5);
        System.out.printf("Chromium -> SRT: %.2f s; %d Hz level %.0f, %.0f Hz level %.1f%n", got, hz, toneLevel, hz * 1.5, off);
        // Chromium processes the microphone (noise suppression attenuates a steady tone by about 20 dB)
        assertTrue(toneLevel > 50 && off < toneLevel / 30, "the microphone's tone arrived: " + toneLevel + " vs " + off);
    }

    @Test
    void whipWebClientInHeadlessChromiumPublishesTheMicrophoneToAnSrtListener() throws Exception {
        requireChromium();
        WhipPeers.requireSrtTools();
        Path tone = fakeMicrophone(tmp, 880);
        int srtPort = WhipPeers.freeUdpPort();
        Path received = tmp.resolve("received.ogg");
        Process listener = WhipPeers.srtListener(srtPort, "chromium-passphrase", received);
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc"));
        int whipPort = GatewayProcess.freePort();
        Files.writeString(home.resolve("etc/gateway.whip.cfg"), "ports = " + whipPort + "\nwhipToken = browser-token\n");
        try (GatewayProcess gw = GatewayProcess.start(home, "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            gw.await("/whip", r -> r.statusCode() == 200, Duration.ofSeconds(10));
            WhipPeers.Reports events = WhipPeers.events(gw);
            // the STUN server announced is a local port: the browser's ICE stays on this machine
            HttpResponse<String> created = gw.send(HttpRequest.newBuilder(gw.uri("/stream")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"srt\": {\"host\": \"127.0.0.1\", \"port\": " + srtPort
                            + ", \"password\": \"chromium-passphrase\"}, \"stun\": {\"host\": \"127.0.0.1\", \"port\": "
                            + WhipPeers.freeUdpPort() + "}}")).build());
            assertEquals(201, created.statusCode(), created.body());
            String endpoint = "http://127.0.0.1:" + JSON.readTree(created.body()).path("port").asInt() + "/whip/endpoint";

            WhipPeers.Reports page = publish(tmp, endpoint, "browser-token", 4, tone);
            // whip-web-client 1.1.7 asks OPTIONS (with the token) but parses only the pre-RFC Link form without <...>;
            // the gateway sends RFC 9725's <stun:...>; rel="ice-server", so the client goes on with host candidates only
            JsonNode ice = page.await("event", "ice-servers", "error", Duration.ZERO);
            assertTrue(ice.path("detail").asText().equals("[]") || ice.path("detail").asText().contains("stun:127.0.0.1:"), ice.toString());
            JsonNode ended = WhipPeers.awaitEvent(events, "whip-ended", Duration.ofSeconds(10));
            assertTrue(ended.path("data").path("reason").asText().contains("DELETE"), ended.toString());
            assertTrue(WhipPeers.types(events, "whip-").contains("whip-connected"));

            WhipPeers.awaitOggEnd(received, Duration.ofSeconds(10)); // the last page has reached the listener
            listener.destroy();
            listener.waitFor();
            assertToneArrived(received, 880, 4);
        } finally {
            listener.destroyForcibly();
        }
    }
}
