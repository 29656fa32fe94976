package gateway.itest.e2e;

import static gateway.itest.e2e.WhipPeers.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the gateway's HTTP port, configured in {@code etc/gateway.http.cfg} with certificates the test makes
 * with openssl and keytool, checked with curl and, for the point of it all, with Chromium publishing a microphone
 * from a page that is not on localhost.
 */
class HttpsTest {
    @TempDir
    Path tmp;

    private Path home() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("etc/tls"));
        return home;
    }

    private static String run(Path dir, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        if (cmd.get(0).equals("keytool")) cmd.set(0, Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        if (p.exitValue() != 0) throw new AssertionError(cmd + " failed: " + out);
        return out;
    }

    /** A certificate for {@code name} and its private key, encrypted with {@code password} (PKCS#8), as PEM files. */
    private static void pem(Path dir, String name, String password) throws Exception {
        run(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain-key.pem");
        run(dir, "openssl", "req", "-x509", "-new", "-key", "plain-key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:" + name + ",DNS:localhost,IP:127.0.0.1");
        run(dir, "openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain-key.pem", "-out", "key.pem", "-passout", "pass:" + password);
    }

    /** Polls with curl until the answer is {@code status}, for up to 60 s; then fails with the gateway's log. */
    private static void awaitCurl(int status, Path home, String... args) throws Exception {
        awaitCurl(status, answer -> false, "after the move", home, args);
    }

    /**
     * Polls with curl until the answer is {@code status}, for up to 60 s, failing at once on an answer that must
     * never come; fails with the gateway's log.
     *
     * @param never answers that fail at once (a redeploy's 404 or 503 on the way is awaited; those are not)
     * @param what  what is checked, for the failure's message
     */
    private static void awaitCurl(int status, IntPredicate never, String what, Path home, String... args) throws Exception {
        String url = args[args.length - 1];
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int last;
        while ((last = curl(args)) != status && System.nanoTime() < deadline) {
            int seen = last;
            assertFalse(never.test(seen), () -> what + ": " + url + " answered " + seen + "; the gateway's log:\n" + logOf(home));
            Thread.sleep(100); // polling the observable state: the server restarts with the new certificate
        }
        int got = last;
        assertEquals(status, got, () -> what + ": the answer of " + url + "; the gateway's log:\n" + logOf(home));
    }

    private static String logOf(Path home) {
        try {
            return Files.readString(home.resolve("logs/gateway.log"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** @return an HTTP status from curl, or 0 when curl could not get one (e.g. TLS refused) */
    private static int curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(20, TimeUnit.SECONDS);
        return out.matches("\\d{3}") ? Integer.parseInt(out) : 0;
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client context that trusts exactly these certificates. */
    private static SSLContext trusting(X509Certificate... certificates) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) trust.setCertificateEntry("c" + i, certificates[i]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    private static void requireTools() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/openssl")) && Files.isExecutable(Path.of("/usr/bin/curl"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("openssl and curl are required in CI");
        assumeTrue(present, "openssl or curl not installed");
    }

    /** Files under the home that contain the bytes (a key store written anywhere would contain the certificate). */
    private static List<Path> filesContaining(Path root, byte[] needle, Path except) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(except)).toList()) {
                byte[] content = Files.readAllBytes(f);
                if (indexOf(content, needle) >= 0) found.add(f);
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void pemAndThenPkcs12ServeTlsOnTheHttpPortWithoutWritingOrLoggingTheKey() throws Exception {
        requireTools();
        Path home = home();
        Path tls = home.resolve("etc/tls");
        pem(tls, "localhost", "pem-key-pass-7");
        Files.delete(tls.resolve("plain-key.pem"));
        int port = GatewayProcess.freePort();
        Path cfg = home.resolve("etc/gateway.http.cfg");
        Files.writeString(cfg, "port = " + port + "\nhost = 127.0.0.1\ncertificate = etc/tls/cert.pem\nprivateKey = etc/tls/key.pem\n"
                + "privateKeyPassword = pem-key-pass-7\n");
        X509Certificate pemCert = certificate(tls.resolve("cert.pem"));

        run(tls, "keytool", "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", "gateway.p12", "-storepass", "p12-store-pass-3", "-dname", "CN=localhost,O=second",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2");
        run(tls, "keytool", "-exportcert", "-rfc", "-alias", "gateway", "-keystore", "gateway.p12", "-storepass", "p12-store-pass-3",
                "-file", "p12-cert.pem");
        X509Certificate p12Cert = certificate(tls.resolve("p12-cert.pem"));

        try (GatewayProcess gw = GatewayProcess.startConfigured(home, port).https(trusting(pemCert, p12Cert))) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            gw.awaitLog("HTTP API at https://127.0.0.1:" + port + "/", Duration.ofSeconds(10));
            assertEquals(204, curl("--cacert", tls.resolve("cert.pem").toString(), "https://localhost:" + port + "/ping"));
            assertEquals(0, curl("http://127.0.0.1:" + port + "/ping"), "no plain HTTP beside TLS on the port");
            assertEquals(0, curl("--cacert", tls.resolve("p12-cert.pem").toString(), "https://localhost:" + port + "/ping"),
                    "the PEM certificate is the one served");
            // loopback: management open, as without TLS (once its resource is registered)
            awaitCurl(200, home, "--cacert", tls.resolve("cert.pem").toString(), "https://localhost:" + port + "/plugins");

            // nothing of the key in the log, and no key store anywhere in the home
            String keyBase64 = Files.readString(tls.resolve("key.pem")).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            for (Path log : List.of(home.resolve("console.log"), home.resolve("logs/gateway.log"))) {
                String text = Files.readString(log);
                assertFalse(text.contains("pem-key-pass-7"), "password in " + log);
                assertFalse(text.contains(keyBase64), "key in " + log);
            }
            assertEquals(List.of(), filesContaining(home, pemCert.getEncoded(), null), "no key store holding the certificate was written");
            assertEquals(List.of(tls.resolve("key.pem")), filesContaining(home, keyBase64.getBytes(StandardCharsets.US_ASCII), null));

            // live: the same port now serves the PKCS#12 identity, beyond loopback, so management needs the token
            Files.writeString(cfg, "port = " + port + "\nhost = 0.0.0.0\nkeystore = etc/tls/gateway.p12\nkeystorePassword = p12-store-pass-3\n");
            String p12Ca = tls.resolve("p12-cert.pem").toString();
            // the restarted server registers the API's resources again one by one: each check waits for its answer
            String base = "https://localhost:" + port;
            awaitCurl(204, home, "--cacert", p12Ca, base + "/ping");
            String token = Files.readString(home.resolve("data/management.token")).trim();
            awaitCurl(200, home, "--cacert", p12Ca, "-H", "Authorization: Bearer " + token, base + "/plugins");
            // the SRT ingest, which follows the server's address, is re-created after it and the whiteboard deploys
            // the API again meanwhile: a request can meet a 404 or 503 for a moment; a 200 or 204 fails at once
            awaitCurl(401, answer -> answer == 200 || answer == 204, "beyond loopback the token is required", home,
                    "--cacert", p12Ca, base + "/plugins");
            String log = Files.readString(home.resolve("logs/gateway.log"));
            assertFalse(log.contains("p12-store-pass-3"), "the key store password is never logged");
            assertTrue(log.contains("HTTP server moves to https://0.0.0.0:" + port + " with keystore"), log);
        }
    }

    @Test
    void aBrokenTlsSettingKeepsTheServerAsItWasAndSaysWhy() throws Exception {
        requireTools();
        Path home = home();
        Path tls = home.resolve("etc/tls");
        pem(tls, "localhost", "right-pass-1");
        int port = GatewayProcess.freePort();
        Path cfg = home.resolve("etc/gateway.http.cfg");
        String good = "port = " + port + "\nhost = 127.0.0.1\ncertificate = etc/tls/cert.pem\nprivateKey = etc/tls/key.pem\n";
        Files.writeString(cfg, good + "privateKeyPassword = wrong-pass-2\n");
        try (GatewayProcess gw = GatewayProcess.startConfigured(home, port).https(trusting(certificate(tls.resolve("cert.pem"))))) {
            String log = gw.awaitLog("HTTPS cannot be set up: private key " + tls.resolve("key.pem"), Duration.ofSeconds(30));
            assertTrue(log.contains("the private key cannot be decrypted: wrong privateKeyPassword"), log);
            assertFalse(log.contains("wrong-pass-2"), "the password offered is not logged");
            assertEquals(0, curl("http://127.0.0.1:" + port + "/ping"), "no plain HTTP fallback when TLS is asked for");
            Files.writeString(cfg, good + "privateKeyPassword = right-pass-1\n");
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
        }
    }

    /** The page server: HTTPS with the gateway's certificate, so the page's origin is as secure as the gateway's. */
    private static HttpsServer httpsPages(Path tls, String password) throws Exception {
        run(tls, "openssl", "pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-passin", "pass:" + password,
                "-out", "pages.p12", "-passout", "pass:pages-pass");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.resolve("pages.p12"))) {
            ks.load(in, "pages-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pages-pass".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        // handshakes on their own threads: a connection Chromium opens ahead of need would otherwise stall the others
        s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        return s;
    }

    @Test
    void chromiumOnANonLocalOriginPublishesItsMicrophoneThroughTheWhipEndpointOnTheHttpsPort() throws Exception {
        requireTools();
        boolean present = Files.isExecutable(WhipChromiumTest.CHROMIUM) && Files.isExecutable(Path.of("/usr/bin/npm"));
        if (System.getenv("CI") != null && !present) throw new AssertionError("chromium and npm are required in CI");
        assumeTrue(present, "chromium or npm not installed");
        WhipPeers.requireSrtTools();
        Path bundle = WhipChromiumTest.bundle();

        Path home = home();
        Path tls = home.resolve("etc/tls");
        // a name that is not localhost: only a secure (https) origin gets the microphone there
        pem(tls, "gateway.test", "chromium-key-pass");
        int port = GatewayProcess.freePort();
        Files.writeString(home.resolve("etc/gateway.http.cfg"), "port = " + port + "\nhost = 127.0.0.1\ncertificate = etc/tls/cert.pem\n"
                + "privateKey = etc/tls/key.pem\nprivateKeyPassword = chromium-key-pass\n");
        Files.writeString(home.resolve("etc/gateway.whip.cfg"), "ports = " + GatewayProcess.freePort() + "\nwhipToken = browser-token\n");

        Path tone = tmp.resolve("tone.wav"); // the fake microphone
        assertEquals(0, new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "sine=frequency=880:duration=30", "-ar", "48000", "-ac", "1", tone.toString()).start().waitFor());
        int srtPort = WhipPeers.freeUdpPort();
        Path received = tmp.resolve("received.ogg");
        Process listener = WhipPeers.srtListener(srtPort, "chromium-passphrase", received);
        WhipPeers.Reports reports = new WhipPeers.Reports();
        HttpsServer pages = httpsPages(tls, "chromium-key-pass");
        WhipChromiumTest.pageServer(pages, bundle, reports);
        Process chromium = null;
        try (GatewayProcess gw = GatewayProcess.startConfigured(home, port).https(trusting(certificate(tls.resolve("cert.pem"))))) {
            gw.await("/ping", r -> r.statusCode() == 204, Duration.ofSeconds(30));
            gw.await("/whip", r -> r.statusCode() == 200, Duration.ofSeconds(10));
            List<JsonNode> frames = gw.events();
            HttpResponse<String> created = gw.send(HttpRequest.newBuilder(gw.uri("/stream")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"srt\": {\"host\": \"127.0.0.1\", \"port\": " + srtPort
                            + ", \"password\": \"chromium-passphrase\"}, \"stun\": {\"host\": \"127.0.0.1\", \"port\": "
                            + WhipPeers.freeUdpPort() + "}}")).build());
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("Location").orElseThrow();
            String bridgePath = location.replaceFirst("^https?://[^/]+", "");
            assertTrue(bridgePath.startsWith("/whip/"), location);
            String endpoint = "https://gateway.test:" + port + bridgePath;

            String url = "https://gateway.test:" + pages.getAddress().getPort() + "/page.html?seconds=4&token=browser-token&endpoint="
                    + URLEncoder.encode(endpoint, StandardCharsets.UTF_8);
            chromium = new ProcessBuilder(WhipChromiumTest.CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                    "--no-default-browser-check", "--user-data-dir=" + tmp.resolve("profile"),
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + tone,
                    "--disable-features=WebRtcHideLocalIpsWithMdns",
                    // gateway.test is this machine; its certificate is the test's own, trusted by its key's hash
                    "--host-resolver-rules=MAP gateway.test 127.0.0.1",
                    "--ignore-certificate-errors-spki-list=" + spkiHash(tls.resolve("cert.pem")),
                    "--remote-debugging-port=0", url)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();

            JsonNode secure = reports.await("event", "secure-context", "error", Duration.ofSeconds(30));
            assertEquals("true", secure.path("detail").asText(), "https://gateway.test is a secure context");
            reports.await("event", "ingesting", "error", Duration.ofSeconds(30));
            reports.await("event", "connected", "error", Duration.ofSeconds(20));
            reports.await("event", "done", "error", Duration.ofSeconds(30));
            JsonNode ended = GatewayProcess.awaitEvent(frames, "whip-ended", Duration.ofSeconds(10));
            assertTrue(ended.path("data").path("reason").asText().contains("DELETE"), ended.toString());
            assertTrue(frames.stream().anyMatch(f -> f.path("type").asText().equals("whip-connected")));

            listener.destroy();
            listener.waitFor();
            short[] pcm = WhipPeers.decode(received);
            double seconds = pcm.length / 48_000.0;
            assertTrue(seconds > 3 && seconds < 6, "about 4 s arrived at the SRT listener: " + seconds);
            int from = pcm.length / 4;
            double toneLevel = WhipPeers.level(pcm, from, pcm.length / 2, 880);
            double off = WhipPeers.level(pcm, from, pcm.length / 2, 1320);
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

    /** Base64 SHA-256 of the certificate's public key, as Chromium's --ignore-certificate-errors-spki-list wants it. */
    private static String spkiHash(Path cert) throws Exception {
        byte[] spki = certificate(cert).getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(spki));
    }
}
