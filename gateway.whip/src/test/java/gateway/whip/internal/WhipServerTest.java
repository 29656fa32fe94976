package gateway.whip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bridge's pool-port server, asked by curl and the JDK's client: the HTTP conventions it applies itself
 * (405 with Allow, 413 before reading, 415 naming the expected type, problem documents) and HTTPS with the
 * gateway's certificate. No offer reaches WebRTC here.
 */
class WhipServerTest {
    private static final String PASSWORD = "changeit";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WhipServer server;

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A bridge nobody publishes to; its teardown is never asked for here. */
    private static Bridge bridge(int port) {
        return new Bridge(port, new BridgeRequest("127.0.0.1", 9, null, "stun.example.org", 3478),
                new InetSocketAddress("127.0.0.1", 9), new Bridge.BridgeHost() {
            @Override
            public OpusRelay relay(Bridge bridge) {
                throw new AssertionError("no offer is answered in this test");
            }

            @Override
            public void teardown(Bridge bridge) {
            }

            @Override
            public void whipConnected(Bridge bridge) {
            }
        });
    }

    private int start(SSLContext tls, long maxBody) throws IOException {
        int port = freePort();
        WhipEndpoint endpoint = new WhipEndpoint(new WebRtcEngine(0, 0), "", Duration.ofSeconds(5));
        server = WhipServer.start(port, bridge(port), endpoint, new WhipServer.Settings("127.0.0.1", tls, () -> maxBody));
        return port;
    }

    /** curl's answer: status line and headers, then the body (lower-cased header names). */
    private static String curl(String... args) throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/curl"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("curl is required in CI");
        assumeTrue(present, "curl not installed");
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "-i", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }

    private static int status(String curl) {
        String[] first = curl.split("\r?\n", 2)[0].split(" ");
        return Integer.parseInt(first[1]);
    }

    private static String header(String curl, String name) {
        for (String line : curl.split("\r?\n")) {
            if (line.isEmpty()) break;
            if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) return line.substring(name.length() + 1).trim();
        }
        return null;
    }

    @Test
    void refusalsAreProblemDocumentsWithTheHeadersTheirStatusNeeds() throws Exception {
        int port = start(null, 100_000);
        String url = "http://127.0.0.1:" + port + WhipServer.PATH;

        String put = curl("-X", "PUT", "--data", "x", url);
        assertEquals(405, status(put), put);
        assertEquals("OPTIONS, POST", header(put, "Allow"));
        assertTrue(header(put, "Content-Type").startsWith("application/problem+json"), put);
        String get = curl(url + "/some-session");
        assertEquals(405, status(get), get);
        assertEquals("OPTIONS, PATCH, DELETE", header(get, "Allow"));

        String json = curl("-H", "Content-Type: application/json", "--data", "{}", url);
        assertEquals(415, status(json), json);
        assertTrue(json.contains("\"detail\":\"POST an SDP offer with Content-Type application/sdp, not application/json\""), json);
        assertEquals("application/sdp", header(json, "Accept-Post"));

        String garbage = curl("-H", "Content-Type: application/sdp", "--data", "hello", url);
        assertEquals(400, status(garbage), garbage);
        assertTrue(garbage.contains("not an SDP offer"), garbage);

        String elsewhere = curl(url.replace(WhipServer.PATH, "/whip"));
        assertEquals(404, status(elsewhere), elsewhere);
        String unknown = curl("-X", "DELETE", url + "/no-such-session");
        assertEquals(404, status(unknown), unknown);
        assertTrue(unknown.contains("no-such-session"), unknown);

        String options = curl("-X", "OPTIONS", url);
        assertEquals(204, status(options), options);
        assertEquals("<stun:stun.example.org:3478>; rel=\"ice-server\"", header(options, "Link"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        int port = start(null, 1_000);
        String url = "http://127.0.0.1:" + port + WhipServer.PATH;
        Path big = tmp.resolve("big.sdp");
        Files.writeString(big, "v=0\r\n" + "a=x\r\n".repeat(1_000));
        String declared = curl("-H", "Content-Type: application/sdp", "--data-binary", "@" + big, url);
        assertEquals(413, status(declared), declared);
        assertTrue(declared.contains("larger than 1000 bytes"), declared);
        String chunked = curl("-H", "Content-Type: application/sdp", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big, url);
        assertEquals(413, status(chunked), chunked);

        // a client that announces 50 MB and sends none of it: answered from the header alone
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST " + WhipServer.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sdp\r\n"
                    + "Content-Length: 50000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status);
        }
    }

    @Test
    void servesHttpsWithTheGatewaysCertificate() throws Exception {
        Path keystore = tmp.resolve("gateway.p12");
        Path cert = tmp.resolve("gateway.pem");
        keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "gateway", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        int port = start(serverContext(keystore), 100_000);

        String options = curl("--cacert", cert.toString(), "-X", "OPTIONS", "https://127.0.0.1:" + port + WhipServer.PATH);
        assertEquals(204, status(options), options);
        assertTrue(header(options, "Accept-Post").contains("application/sdp"), options);
        String json = curl("--cacert", cert.toString(), "-H", "Content-Type: application/json", "--data", "{}",
                "https://127.0.0.1:" + port + WhipServer.PATH);
        assertEquals(415, status(json), json);

        assertTrue(curl("--cacert", cert.toString(), "-X", "OPTIONS", "http://127.0.0.1:" + port + WhipServer.PATH)
                .contains("curl: ("), "no plain HTTP on a TLS port");
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + WhipServer.PATH))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()),
                "a client that does not trust the certificate is refused");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    private static SSLContext serverContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
