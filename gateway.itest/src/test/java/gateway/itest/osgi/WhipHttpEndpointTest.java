package gateway.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gateway.api.event.GatewayEvent;
import gateway.api.event.GatewayEvents;
import gateway.api.http.HttpEndpoint;
import java.io.InputStream;
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
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The WHIP bridges take their pool's default port, TLS and body limit from the {@link HttpEndpoint} service and
 * follow it when it changes. The test registers the endpoint itself, ranked above any the core registers, as the
 * core does when the HTTP address changes: the old service goes, a new one comes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WhipHttpEndpointTest extends GatewayFrameworkTest {
    private static final String PASSWORD = "changeit";

    @Inject
    GatewayEvents events;

    private final List<ServiceRegistration<HttpEndpoint>> registered = new ArrayList<>();

    @After
    public void unregister() {
        for (ServiceRegistration<HttpEndpoint> r : registered) r.unregister();
    }

    /** An HTTP address as the core announces it. */
    private record Endpoint(int port, SSLContext tls, long maxRequestBodyBytes) implements HttpEndpoint {
        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public boolean secure() {
            return tls != null;
        }

        @Override
        public Optional<SSLContext> sslContext() {
            return Optional.ofNullable(tls);
        }
    }

    private ServiceRegistration<HttpEndpoint> register(Endpoint e) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(HttpEndpoint.PORT, e.port());
        props.put(HttpEndpoint.HOST, e.host());
        props.put(HttpEndpoint.SECURE, e.secure());
        props.put(Constants.SERVICE_RANKING, 1000);
        ServiceRegistration<HttpEndpoint> r = context.registerService(HttpEndpoint.class, e, props);
        registered.add(r);
        return r;
    }

    private HttpResponse<String> stream() throws Exception {
        return http.send(HttpRequest.newBuilder(http.uri("/stream")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"srt\": {\"host\": \"127.0.0.1\", \"port\": 9}}"))
                .timeout(Duration.ofSeconds(10)).build());
    }

    /** POSTs /stream until the bridges answer (they restart when the endpoint changes); returns the bridge's port. */
    private int awaitPoolPort() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = stream();
            if (last.statusCode() == 201) return JSON.readTree(last.body()).path("port").asInt();
            Thread.sleep(50); // not there yet (404) while the JAX-RS whiteboard registers the restarted resource
        }
        throw new AssertionError("no bridge within 20 s: " + (last == null ? "no answer" : last.statusCode() + " " + last.body()));
    }

    /** Takes events off the queue as they arrive until one of the type comes. */
    private static JsonNode awaitEvent(BlockingQueue<GatewayEvent> seen, String type, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> others = new ArrayList<>();
        for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            GatewayEvent e = seen.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) break;
            if (e.type().equals(type)) return JSON.valueToTree(e.data());
            others.add(e.type());
        }
        throw new AssertionError("no " + type + " within " + within + " (saw " + others + ")");
    }

    @Test
    public void theDefaultPoolPortIsTheHttpPortPlusOneAndFollowsAChange() throws Exception {
        int first = GatewayOptions.freePort();
        ServiceRegistration<HttpEndpoint> old = register(new Endpoint(first - 1, null, 1 << 20));
        assertEquals(first, awaitPoolPort());

        BlockingQueue<GatewayEvent> seen = new LinkedBlockingQueue<>();
        try (GatewayEvents.Subscription s = events.subscribe(seen::add)) {
            // the HTTP address changes: the core unregisters the old service and registers the new one
            int second = GatewayOptions.freePort();
            old.unregister();
            registered.remove(old);
            register(new Endpoint(second - 1, null, 1 << 20));
            JsonNode ended = awaitEvent(seen, "whip-ended", Duration.ofSeconds(20));
            assertEquals("reconfigured", ended.path("cause").asText());
            assertEquals("ended", ended.path("state").asText());
            assertEquals(first, ended.path("port").asInt());
            assertEquals(second, awaitPoolPort());
        }
    }

    @Test
    public void poolPortsServeHttpsWithTheGatewaysCertificateAndItsBodyLimit() throws Exception {
        Path dir = Files.createTempDirectory("whip-tls");
        Path keystore = dir.resolve("gateway.p12");
        keytool("-genkeypair", "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("gateway", ks.getCertificate("gateway"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        int port = GatewayOptions.freePort();
        register(new Endpoint(port - 1, server, 2_000));
        assertEquals(port, awaitPoolPort());
        HttpClient client = HttpClient.newBuilder().sslContext(clientTls).connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = URI.create("https://127.0.0.1:" + port + "/whip/endpoint");

        HttpResponse<String> options = client.send(HttpRequest.newBuilder(endpoint).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, options.statusCode());
        assertTrue(options.headers().firstValue("Accept-Post").orElse("").contains("application/sdp"));
        HttpResponse<String> big = client.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString("v=0\r\n" + "a=x\r\n".repeat(1_000))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, big.statusCode());
        assertEquals("application/problem+json", big.headers().firstValue("Content-Type").orElse(""));
        assertTrue(big.body(), JSON.readTree(big.body()).path("detail").asText().contains("2000 bytes"));
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(endpoint).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode());
        assertEquals("OPTIONS, POST", put.headers().firstValue("Allow").orElse(""));
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
    }
}
