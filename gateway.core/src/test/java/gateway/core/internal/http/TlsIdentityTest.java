package gateway.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS identities from the files operators have: key stores written by keytool, PEM keys in every form openssl
 * writes. Each identity must serve a real TLS handshake to a client that trusts only its certificate.
 */
class TlsIdentityTest {
    private static final String SUBJECT = "/CN=localhost";
    private static final String SAN = "subjectAltName=DNS:localhost,IP:127.0.0.1";

    @TempDir
    Path dir;

    private void run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        if (cmd.get(0).equals("keytool")) cmd.set(0, Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + ": " + out);
    }

    /** A self-signed certificate for {@code key.pem}, as openssl writes it. */
    private Path certificateFor(String key) throws Exception {
        run("openssl", "req", "-x509", "-new", "-key", key, "-out", "cert.pem", "-days", "2", "-subj", SUBJECT, "-addext", SAN);
        return dir.resolve("cert.pem");
    }

    /** Serves HTTPS with the identity and asks it once, trusting only its certificate. */
    private static void handshake(TlsIdentity identity) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(identity.sslContext()));
        server.createContext("/", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", identity.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            HttpResponse<Void> r = HttpClient.newBuilder().sslContext(client).build().send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + server.getAddress().getPort() + "/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(204, r.statusCode());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pkcs8RsaKey() throws Exception {
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("BEGIN PRIVATE KEY"));
        handshake(TlsIdentity.fromPem(certificateFor("key.pem"), dir.resolve("key.pem"), new char[0]));
    }

    @Test
    void pkcs1RsaKey() throws Exception {
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8.pem");
        run("openssl", "rsa", "-in", "pkcs8.pem", "-traditional", "-out", "key.pem");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("BEGIN RSA PRIVATE KEY"));
        handshake(TlsIdentity.fromPem(certificateFor("key.pem"), dir.resolve("key.pem"), new char[0]));
    }

    @Test
    void sec1EcKey() throws Exception {
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("BEGIN EC PRIVATE KEY"));
        handshake(TlsIdentity.fromPem(certificateFor("key.pem"), dir.resolve("key.pem"), new char[0]));
    }

    @Test
    void encryptedPkcs8KeyWithItsPassword() throws Exception {
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "plain.pem");
        run("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem", "-passout", "pass:opensesame-42");
        assertTrue(Files.readString(dir.resolve("key.pem")).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        Path cert = certificateFor("plain.pem");
        handshake(TlsIdentity.fromPem(cert, dir.resolve("key.pem"), "opensesame-42".toCharArray()));

        TlsSetupException wrong = assertThrows(TlsSetupException.class,
                () -> TlsIdentity.fromPem(cert, dir.resolve("key.pem"), "not-it-9".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong privateKeyPassword"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("not-it-9"));
        TlsSetupException none = assertThrows(TlsSetupException.class, () -> TlsIdentity.fromPem(cert, dir.resolve("key.pem"), new char[0]));
        assertTrue(none.getMessage().contains("set privateKeyPassword"), none.getMessage());
    }

    @Test
    void legacyEncryptedPemIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "plain.pem");
        run("openssl", "rsa", "-in", "plain.pem", "-traditional", "-aes256", "-passout", "pass:legacy-pass", "-out", "key.pem");
        Path cert = certificateFor("plain.pem");
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> TlsIdentity.fromPem(cert, dir.resolve("key.pem"), "legacy-pass".toCharArray()));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void aKeyEncryptedWithACipherJavaLacksIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.pem");
        run("openssl", "pkcs8", "-topk8", "-v2", "des3", "-in", "plain.pem", "-out", "key.pem", "-passout", "pass:triple-des-5");
        Path cert = certificateFor("plain.pem");
        TlsSetupException e = assertThrows(TlsSetupException.class,
                () -> TlsIdentity.fromPem(cert, dir.resolve("key.pem"), "triple-des-5".toCharArray()));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -v2 aes-256-cbc"), e.getMessage());
        assertFalse(e.getMessage().contains("triple-des-5"));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "one.pem");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.pem");
        Path cert = certificateFor("one.pem");
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> TlsIdentity.fromPem(cert, dir.resolve("other.pem"), new char[0]));
        assertTrue(e.getMessage().contains("does not belong to the certificate CN=localhost"), e.getMessage());
    }

    @Test
    void pkcs12FromKeytool() throws Exception {
        run("keytool", "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12",
                "-keystore", "gateway.p12", "-storepass", "store-pass-1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2");
        TlsIdentity identity = TlsIdentity.fromPkcs12(dir.resolve("gateway.p12"), "store-pass-1".toCharArray());
        handshake(identity);
        assertEquals("CN=localhost", identity.certificate().getSubjectX500Principal().getName());

        TlsSetupException wrong = assertThrows(TlsSetupException.class,
                () -> TlsIdentity.fromPkcs12(dir.resolve("gateway.p12"), "guess-2".toCharArray()));
        assertTrue(wrong.getMessage().contains("wrong keystorePassword"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("guess-2"));
        assertTrue(assertThrows(TlsSetupException.class, () -> TlsIdentity.fromPkcs12(dir.resolve("missing.p12"), new char[0]))
                .getMessage().contains("does not exist"));
    }

    @Test
    void theInMemoryKeyStoreOpensWithItsOwnPasswordAndHoldsTheSameIdentity() throws Exception {
        run("openssl", "genpkey", "-algorithm", "ED25519", "-out", "key.pem");
        TlsIdentity identity = TlsIdentity.fromPem(certificateFor("key.pem"), dir.resolve("key.pem"), new char[0]);
        KeyStore copy = KeyStore.getInstance("PKCS12");
        copy.load(new ByteArrayInputStream(identity.pkcs12()), identity.password().toCharArray());
        assertEquals(identity.certificate(), (X509Certificate) copy.getCertificate("gateway"));
        TlsIdentity again = TlsIdentity.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem"), new char[0]);
        assertTrue(TlsIdentity.same(identity, again), "re-reading the same files is the same identity");
        assertFalse(identity.password().equals(again.password()), "each in-memory copy has its own random password");
    }
}
