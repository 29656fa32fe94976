package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import gateway.api.http.HttpEndpoint;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The {@link HttpEndpoint} service as its Javadoc promises it, in the real runtime: registered with properties that
 * mirror its values, a new service object for every change of the address, the same one (with the new value) for a
 * change of the body limit alone, and — with a certificate configured — a TLS context a plugin can serve with.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpEndpointTest extends GatewayFrameworkTest {
    @Inject
    ConfigurationAdmin configAdmin;

    private ServiceReference<HttpEndpoint> awaitEndpoint(java.util.function.Predicate<HttpEndpoint> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ServiceReference<HttpEndpoint> ref = context.getServiceReference(HttpEndpoint.class);
            if (ref != null) {
                HttpEndpoint e = context.getService(ref);
                try {
                    if (e != null && until.test(e)) return ref;
                } finally {
                    context.ungetService(ref);
                }
            }
            Thread.sleep(50); // polling the service registry for the state the configuration leads to
        }
        throw new AssertionError("no HttpEndpoint as expected within 20 s");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(String.join(" ", cmd) + ": " + out, p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0);
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    @Test
    public void theEndpointMirrorsTheSettingsAndIsReplacedWithEachChange() throws Exception {
        int port = Integer.parseInt(context.getProperty("gateway.http.port"));
        ServiceReference<HttpEndpoint> plain = awaitEndpoint(e -> !e.secure());
        HttpEndpoint first = context.getService(plain);
        assertEquals(port, first.port());
        assertEquals("127.0.0.1", first.host());
        assertEquals("http", first.scheme());
        assertFalse(first.sslContext().isPresent());
        assertEquals(1_000_000, first.maxRequestBodyBytes());
        assertEquals(port, plain.getProperty(HttpEndpoint.PORT));
        assertEquals("127.0.0.1", plain.getProperty(HttpEndpoint.HOST));
        assertEquals(Boolean.FALSE, plain.getProperty(HttpEndpoint.SECURE));

        Path dir = Files.createTempDirectory("http-endpoint-test");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem",
                "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Configuration cfg = configAdmin.getConfiguration("gateway.http", "?");
        Dictionary<String, Object> tls = new Hashtable<>();
        tls.put("certificate", dir.resolve("cert.pem").toString());
        tls.put("privateKey", dir.resolve("key.pem").toString());
        tls.put("maxRequestBodySize", "2MB");
        try {
            cfg.update(tls);
            ServiceReference<HttpEndpoint> secure = awaitEndpoint(HttpEndpoint::secure);
            HttpEndpoint second = context.getService(secure);
            assertNotSame("a change is a new service object", first, second);
            assertEquals(Boolean.TRUE, secure.getProperty(HttpEndpoint.SECURE));
            assertEquals("https", second.scheme());
            assertEquals(port, second.port());
            assertEquals(2_000_000, second.maxRequestBodyBytes());

            // a plugin serving with the endpoint's TLS context offers the gateway's certificate
            SSLContext server = second.sslContext().orElseThrow();
            try (SSLServerSocket own = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread acceptor = new Thread(() -> {
                    try (SSLSocket s = (SSLSocket) own.accept()) {
                        s.getOutputStream().write(42);
                        s.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        // the client's assertion reports it
                    }
                });
                acceptor.start();
                try (SSLSocket c = (SSLSocket) trusting(certificate).getSocketFactory().createSocket("127.0.0.1", own.getLocalPort())) {
                    c.startHandshake();
                    assertEquals(certificate, c.getSession().getPeerCertificates()[0]);
                    assertEquals(42, c.getInputStream().read());
                }
                acceptor.join(10_000);
            }
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
            // and the gateway's own port now speaks TLS with that certificate
            HttpResponse<Void> ping = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ping == null && System.nanoTime() < deadline) {
                try {
                    ping = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/ping")).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException restarting) {
                    Thread.sleep(50); // the HTTP server restarts with the certificate
                }
            }
            assertNotNull("the gateway's port answered over TLS", ping);
        } finally {
            cfg.update(new Hashtable<>());
            awaitEndpoint(e -> !e.secure() && e.maxRequestBodyBytes() == 1_000_000);
            for (String f : new String[] {"cert.pem", "key.pem"}) Files.deleteIfExists(dir.resolve(f));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    public void aNewBodyLimitAloneKeepsTheServiceAndWhatFollowsIt() throws Exception {
        ServiceReference<HttpEndpoint> before = awaitEndpoint(e -> !e.secure() && e.maxRequestBodyBytes() == 1_000_000);
        Object id = before.getProperty("service.id");
        Configuration cfg = configAdmin.getConfiguration("gateway.http", "?");
        Dictionary<String, Object> limit = new Hashtable<>();
        limit.put("maxRequestBodySize", "3MB");
        try {
            cfg.update(limit);
            ServiceReference<HttpEndpoint> after = awaitEndpoint(e -> e.maxRequestBodyBytes() == 3_000_000);
            assertEquals("the same registration: components that follow the address are not restarted", id,
                    after.getProperty("service.id"));
        } finally {
            cfg.update(new Hashtable<>());
            awaitEndpoint(e -> e.maxRequestBodyBytes() == 1_000_000);
        }
    }
}
