package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API reference page ({@code /openapi}, Scalar served by the gateway) in headless Chromium, driven by
 * playwright-core from npm: it renders the live document, offers no control for a hosted service (Scalar's
 * AI agent, MCP installs, the developer toolbar's Configure/Share/Deploy, Scalar's own client app) on the
 * page, in its search or in its "Test Request" client, and makes no request to any host but the gateway.
 */
class ApiPageChromiumTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path WORK = Path.of("target/api-page").toAbsolutePath();
    /**
     * Labels of Scalar 1.72's controls for services hosted by Scalar (matched against a whole label, so that the
     * API's own words, such as "deployed", do not count).
     */
    private static final Pattern HOSTED = Pattern.compile(
            "ask ai( agent)?|agent|.*\\bmcp\\b.*|vs ?code|cursor|developer tools|configure|share|deploy|upload.*"
                    + "|open (in )?(the )?(scalar|api) client|download (the )?(scalar )?app|register|sign ?in|log ?in",
            Pattern.CASE_INSENSITIVE);

    @TempDir
    Path tmp;

    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + Files.readString(dir.resolve("npm.log")));
    }

    /** playwright-core from npm, installed once per build into target/api-page; it drives Debian's Chromium. */
    private static Path script() throws Exception {
        Files.createDirectories(WORK);
        if (!Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) {
            Files.writeString(WORK.resolve("package.json"), "{\"name\": \"api-page-check\", \"private\": true, \"type\": \"module\"}\n");
            run(WORK, "npm", "install", "--no-audit", "--no-fund", "playwright-core@1.65.1");
        }
        Path script = WORK.resolve("api-page.mjs");
        try (var in = ApiPageChromiumTest.class.getResourceAsStream("/openapi/api-page.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    @Test
    void pageRendersOfflineWithoutHostedServices() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "chromium is installed (.ci/run)");
        Path script = script();
        try (GatewayProcess gw = GatewayProcess.start(tmp.resolve("home"), "127.0.0.1")) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            String origin = "http://127.0.0.1:" + gw.port + "/";
            Process node = new ProcessBuilder("node", script.toString(), CHROMIUM.toString(), origin + "openapi")
                    .directory(WORK.toFile()).redirectOutput(tmp.resolve("node.out").toFile())
                    .redirectError(tmp.resolve("node.err").toFile()).start();
            if (!node.waitFor(120, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
                throw new AssertionError("the page check did not finish within 120 s: " + Files.readString(tmp.resolve("node.err")));
            }
            assertEquals(0, node.exitValue(), Files.readString(tmp.resolve("node.err")));
            JsonNode result = JSON.readTree(tmp.resolve("node.out").toFile());

            assertEquals("gateway", result.path("title").asText(), "the live document is rendered: " + result.path("error").asText());
            List<String> requests = new ArrayList<>();
            result.path("requests").forEach(r -> requests.add(r.asText()));
            assertTrue(requests.contains(origin + "openapi/openapi.json"), "the page loads the live document: " + requests);
            for (String url : requests) {
                assertTrue(url.startsWith(origin), "a request to another host than the gateway: " + url + " in " + requests);
            }
            int controls = 0;
            for (String view : List.of("page", "search", "client")) {
                JsonNode list = result.path("controls").path(view);
                for (JsonNode c : list) {
                    controls++;
                    assertFalse(HOSTED.matcher(c.asText()).matches(), "a control for a hosted service in the " + view + ": '" + c.asText() + "'");
                }
            }
            assertTrue(result.path("error").isNull(), "the page check: " + result.path("error").asText());
            String page = result.path("controls").path("page").toString();
            assertTrue(page.contains("Test Request"), "the page's own features stay: " + page);
            for (String view : List.of("page", "search", "client")) {
                assertFalse(result.path("controls").path(view).isEmpty(), "controls of the " + view + " were read");
            }
            assertTrue(controls > 50, "controls checked: " + controls);
        }
    }
}
