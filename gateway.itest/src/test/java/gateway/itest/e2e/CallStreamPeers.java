package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The real parts of the call stream tests: Node's {@code ws} as the WebSocket service, Plivo's Node SDK as the
 * client (installed from npm into target/callstream-node once per build, and pointed at the gateway by
 * rewriting its hard-coded host in a copy inside the test's scratch folder), and the JDK's HTTP server
 * receiving status callbacks.
 */
final class CallStreamPeers {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE = Path.of("target/callstream-node").toAbsolutePath();
    static final String PLIVO_HOST = "https://api.plivo.com/v1/Account/";

    private CallStreamPeers() {
    }

    /** Installs {@code plivo} and {@code ws} from npm, once per build. */
    static Path nodeModules() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/npm")) && Files.isExecutable(Path.of("/usr/bin/node"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("node and npm are required in CI");
        assumeTrue(present, "node/npm not installed");
        Path modules = NODE.resolve("node_modules");
        if (Files.isRegularFile(modules.resolve("plivo/dist/rest/axios.js")) && Files.isDirectory(modules.resolve("ws"))) return modules;
        Files.createDirectories(NODE);
        Files.writeString(NODE.resolve("package.json"), "{\"name\": \"callstream-test-peers\", \"private\": true}\n");
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "plivo@4.79.0", "ws@8.23.0")
                .directory(NODE.toFile()).redirectErrorStream(true).redirectOutput(NODE.resolve("npm.log").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) p.destroyForcibly();
        assertEquals(0, p.exitValue(), Files.readString(NODE.resolve("npm.log")));
        return modules;
    }

    /** Copies a test script out of the test resources. */
    static Path script(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        try (InputStream in = CallStreamPeers.class.getResourceAsStream("/callstream/" + name)) {
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return f;
    }

    /** The WebSocket service, its log of received messages as they arrive. */
    static final class WsServer implements AutoCloseable {
        final Process process;
        final int port;
        final List<JsonNode> lines = new CopyOnWriteArrayList<>();

        WsServer(Path dir, Path modules) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("node", script(dir, "ws-server.js").toString()).directory(dir.toFile())
                    .redirectError(dir.resolve("ws-server.err").toFile());
            pb.environment().put("NODE_PATH", modules.toString());
            process = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = r.readLine();
            if (first == null) throw new AssertionError("the ws server did not start: " + Files.readString(dir.resolve("ws-server.err")));
            port = JSON.readTree(first).path("port").asInt();
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = r.readLine()) != null; ) lines.add(JSON.readTree(line));
                } catch (IOException ended) {
                    // the server ended
                }
            });
        }

        String url(String path) {
            return "ws://127.0.0.1:" + port + path;
        }

        /** @return the messages of the connection dialled at {@code path} (the first such connection) */
        List<JsonNode> messages(String path) {
            int conn = connection(path);
            return lines.stream().filter(l -> l.path("conn").asInt() == conn && l.has("msg")).toList();
        }

        int connection(String path) {
            return lines.stream().filter(l -> l.path("open").asBoolean() && l.path("path").asText().equals(path))
                    .mapToInt(l -> l.path("conn").asInt()).findFirst().orElse(-1);
        }

        /** Waits for a line of a connection that matches. */
        JsonNode await(String path, Predicate<JsonNode> what, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                int conn = connection(path);
                for (JsonNode l : lines) if (l.path("conn").asInt() == conn && conn > 0 && what.test(l)) return l;
                Thread.sleep(20);
            }
            throw new AssertionError("nothing matching from " + path + " within " + within + "; lines: "
                    + lines.stream().filter(l -> !l.path("msg").path("event").asText().equals("media")).toList());
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    /** Plivo's Node SDK in the test's folder, its API host rewritten to the gateway's. */
    static final class PlivoSdk {
        private final Path dir;
        private final Path modules;
        private final String authId;
        private final String authToken;

        PlivoSdk(Path dir, Path modules, String gatewayBase, String authId, String authToken) throws IOException {
            this.dir = dir;
            this.modules = modules;
            this.authId = authId;
            this.authToken = authToken;
            Path plivo = dir.resolve("node_modules/plivo");
            copyTree(modules.resolve("plivo"), plivo);
            Path axios = plivo.resolve("dist/rest/axios.js");
            String js = Files.readString(axios);
            if (!js.contains(PLIVO_HOST)) throw new AssertionError("the SDK's voice API host is no longer in " + axios);
            Files.writeString(axios, js.replace(PLIVO_HOST, gatewayBase + "/v1/Account/"));
            script(dir, "plivo-client.js");
        }

        /** Runs one SDK method; returns {"ok": …} or {"error": …}. */
        JsonNode call(String method, Object... args) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("node", "plivo-client.js", authId, authToken, method, JSON.writeValueAsString(args))
                    .directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("NODE_PATH", modules.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            String last = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("SDK printed: " + out));
            return JSON.readTree(last);
        }

        private static void copyTree(Path from, Path to) throws IOException {
            try (Stream<Path> all = Files.walk(from)) {
                for (Path p : all.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Status callbacks as a real HTTP server receives them: method and decoded parameters, each request on its own
     * thread; callbacks to a path under {@code /slow} are answered 5 s after they arrived.
     */
    static final class CallbackServer implements AutoCloseable {
        record Callback(String method, Map<String, String> params, long atMillis) {}

        final List<Callback> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        CallbackServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/", x -> {
                try (x) {
                    String form = x.getRequestMethod().equals("GET") ? x.getRequestURI().getRawQuery()
                            : new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    received.add(new Callback(x.getRequestMethod(), parse(form), System.currentTimeMillis()));
                    // a callback URL under /slow answers only after 5 s (recorded when it arrived)
                    if (x.getRequestURI().getPath().startsWith("/slow")) Thread.sleep(5_000);
                    x.sendResponseHeaders(200, -1);
                } catch (InterruptedException closing) {
                    Thread.currentThread().interrupt();
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<Callback> of(String streamId) {
            return received.stream().filter(c -> streamId.equals(c.params().get("StreamID"))).toList();
        }

        Callback await(String streamId, String event, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                for (Callback c : of(streamId)) if (event.equals(c.params().get("Event"))) return c;
                Thread.sleep(20);
            }
            throw new AssertionError("no " + event + " callback for " + streamId + " within " + within + ": " + received);
        }

        private static Map<String, String> parse(String form) {
            Map<String, String> m = new LinkedHashMap<>();
            if (form == null || form.isEmpty()) return m;
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return m;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /**
     * A WebSocket service that completes the opening handshake and then never reads, with a small receive buffer
     * so that TCP pushes back after a few kilobytes (Node's {@code ws} cannot shrink its socket's buffer, and the
     * kernel's autotuned buffers would absorb minutes of audio first).
     */
    static final class StallingServer implements AutoCloseable {
        private final java.net.ServerSocket server;
        private final List<java.net.Socket> held = new CopyOnWriteArrayList<>();

        StallingServer() throws IOException {
            server = new java.net.ServerSocket();
            server.setReceiveBufferSize(4_096);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket s = server.accept();
                        held.add(s);
                        handshake(s);
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
        }

        private static void handshake(java.net.Socket s) throws Exception {
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String key = null;
            for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
                if (line.regionMatches(true, 0, "Sec-WebSocket-Key:", 0, 18)) key = line.substring(18).trim();
            }
            String accept = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        }

        String url() {
            return "ws://127.0.0.1:" + server.getLocalPort() + "/stall";
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (java.net.Socket s : held) s.close();
        }
    }

    /** Concatenated payloads of a track's media messages. */
    static byte[] payloads(List<JsonNode> messages, String track) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (JsonNode m : messages) {
            JsonNode msg = m.path("msg");
            if (msg.path("event").asText().equals("media") && msg.path("media").path("track").asText().equals(track)) {
                out.writeBytes(Base64.getDecoder().decode(msg.path("media").path("payload").asText()));
            }
        }
        return out.toByteArray();
    }

    /** 16-bit little-endian samples. */
    static short[] l16(byte[] b) {
        short[] s = new short[b.length / 2];
        for (int i = 0; i < s.length; i++) s[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
        return s;
    }

    /** Decodes μ-law with ffmpeg (an independent G.711 decoder). */
    static short[] mulawByFfmpeg(Path dir, byte[] ulaw) throws Exception {
        Path in = dir.resolve("track.ulaw");
        Files.write(in, ulaw);
        Path out = dir.resolve("track.raw");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "mulaw", "-ar", "8000", "-ac", "1", "-i", in.toString(),
                "-f", "s16le", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        return l16(Files.readAllBytes(out));
    }

    /** Goertzel level of a frequency over the middle half of the signal. */
    static double level(short[] s, double hz, int rate) {
        int from = s.length / 4;
        int n = s.length / 2;
        double w = 2 * Math.PI * hz / rate, c = 2 * Math.cos(w), s1 = 0, s2 = 0;
        for (int i = from; i < from + n; i++) {
            double v = s[i] + c * s1 - s2;
            s2 = s1;
            s1 = v;
        }
        return Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2)) / n;
    }
}
