package gateway.core.internal.http;

import gateway.api.http.HttpEndpoint;
import gateway.api.http.ManagementAuthorization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of the gateway's HTTP address (PID {@code gateway.http}, file {@code etc/gateway.http.cfg}).
 * It resolves port and bind address — framework properties {@code gateway.http.port}/{@code gateway.http.host},
 * which the launcher sets from its command line or environment, over the file, over the defaults — loads the TLS
 * identity when one is configured, configures the HTTP server, registers the result as the {@link HttpEndpoint}
 * service (again after every change of the address, so components with a static reference follow; a new body limit
 * applies to the registered service), and decides the management access policy and the request body limits.
 *
 * <p>At the first start the launcher copies a default {@code etc/gateway.http.cfg}; File Install loads it a
 * moment after this component may have activated without it. Until the file's configuration arrives (at most
 * {@value #FILE_WAIT_SECONDS} s) nothing is served, so the HTTP server never opens a port that is not the
 * configured one.
 */
@Component(configurationPid = HttpSettings.PID, service = {HttpSettings.class, ManagementAuthorization.class}, immediate = true)
@Designate(ocd = HttpSettings.Config.class)
public final class HttpSettings implements ManagementAuthorization {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSettings.class);
    static final String PID = "gateway.http";
    static final String PORT_OVERRIDE = "gateway.http.port";
    static final String HOST_OVERRIDE = "gateway.http.host";
    static final long FILE_WAIT_SECONDS = 10;

    @ObjectClassDefinition(name = "Gateway HTTP", description = "HTTP server address, HTTPS, request limits and management access")
    public @interface Config {
        @AttributeDefinition(description = "TCP port of the HTTP API; the SRT ingest uses the same number over UDP and the WHIP bridges the next one by default. The launcher's --port or GATEWAY_HTTP_PORT overrides it.")
        int port() default 10300;

        @AttributeDefinition(description = "Bind address: 0.0.0.0 for every interface, 127.0.0.1 for this machine only. Beyond loopback, management endpoints always require a token. The launcher's --host or GATEWAY_HTTP_HOST overrides it.")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "Bearer token for management endpoints. Empty: none on loopback, a generated one (data/management.token) otherwise.", type = AttributeType.PASSWORD)
        String managementToken() default "";

        @AttributeDefinition(description = "Largest request body accepted (B, KB, MB, GB or KiB, MiB, GiB); larger ones get 413 before they are read.")
        String maxRequestBodySize() default "1MB";

        @AttributeDefinition(description = "Largest plugin jar accepted by PUT /plugins/{id} (a management endpoint).")
        String maxPluginSize() default "64MB";

        @AttributeDefinition(description = "HTTPS from a PKCS#12 key store: its path (relative paths are resolved against the gateway's home). The HTTP port then serves TLS only.")
        String keystore() default "";

        @AttributeDefinition(description = "Password of the PKCS#12 key store (and of its key).", type = AttributeType.PASSWORD)
        String keystorePassword() default "";

        @AttributeDefinition(description = "HTTPS from PEM files: the certificate, followed by its intermediate certificates (e.g. Let's Encrypt's fullchain.pem).")
        String certificate() default "";

        @AttributeDefinition(description = "HTTPS from PEM files: the private key (PKCS#8, encrypted PKCS#8, PKCS#1 RSA or SEC1 EC), read into memory only.")
        String privateKey() default "";

        @AttributeDefinition(description = "Password of an encrypted PEM private key (-----BEGIN ENCRYPTED PRIVATE KEY-----).", type = AttributeType.PASSWORD)
        String privateKeyPassword() default "";
    }

    private final BundleContext context;
    private final FelixHttpServer server;
    private volatile ManagementAccess access = ManagementAccess.denyAll();
    private volatile long maxRequestBodyBytes = 1_000_000;
    private volatile long maxPluginBytes = 64_000_000;
    private ServedEndpoint current;
    private ServiceRegistration<HttpEndpoint> registration;
    private boolean configured;
    private boolean deactivated;

    @Activate
    public HttpSettings(BundleContext context, @Reference ConfigurationAdmin configAdmin, @Reference InMemoryKeystores keystores,
            Config config, Map<String, Object> properties) {
        this.context = context;
        this.server = new FelixHttpServer(configAdmin, keystores);
        Path file = etcFile();
        if (!properties.containsKey("service.pid") && file != null && Files.isRegularFile(file)) {
            LOG.debug("Waiting for {} to be loaded before the HTTP server starts", file);
            CompletableFuture.delayedExecutor(FILE_WAIT_SECONDS, TimeUnit.SECONDS).execute(() -> fileNeverLoaded(config, file));
            return;
        }
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
            registration = null;
        }
    }

    /** @return the current management access policy */
    public ManagementAccess access() {
        return access;
    }

    /** The current policy's decision, for plugins that answer requests below the REST layer. */
    @Override
    public boolean permits(String authorization) {
        return access.permits(authorization);
    }

    /** @return the largest request body accepted, in bytes */
    public long maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** @return the largest plugin jar accepted by {@code PUT /plugins/{id}}, in bytes */
    public long maxPluginBytes() {
        return maxPluginBytes;
    }

    private synchronized void fileNeverLoaded(Config defaults, Path file) {
        if (configured || deactivated) return;
        LOG.warn("{} was not loaded within {} s; the HTTP server starts with the defaults", file, FILE_WAIT_SECONDS);
        apply(defaults);
    }

    private synchronized void apply(Config config) {
        if (deactivated) return;
        configured = true;
        String host = override(HOST_OVERRIDE, config.host().trim().isEmpty() ? "0.0.0.0" : config.host().trim());
        int port = portOf(config);
        long maxBody = size("maxRequestBodySize", config.maxRequestBodySize(), maxRequestBodyBytes);
        maxPluginBytes = size("maxPluginSize", config.maxPluginSize(), maxPluginBytes);
        TlsIdentity tls;
        try {
            tls = TlsSettings.load(config, home());
        } catch (TlsSetupException e) {
            LOG.error("HTTPS cannot be set up: {}. {}", e.getMessage(), current == null
                    ? "The HTTP server does not start until etc/gateway.http.cfg is corrected."
                    : "The HTTP server keeps serving " + current.url() + ".");
            return;
        }
        if (current != null && TlsIdentity.same(current.tls(), tls)) tls = current.tls();
        ServedEndpoint next = new ServedEndpoint(host, port, tls, this::maxRequestBodyBytes);
        if (current == null || current.serverDiffers(next)) {
            if ((current == null || current.port() != port) && !bindable(host, port)) return;
            try {
                server.serve(next);
            } catch (IOException e) {
                LOG.error("Cannot configure the HTTP server for {}: {}", next.url(), e.toString());
                return;
            }
            LOG.info("HTTP server {} {}{}", current == null ? "starts on" : "moves to", next.url(),
                    tls == null ? "" : " with " + tls.describe());
        }
        access = ManagementAccess.decide(host, config.managementToken(), dataDir());
        if (current != null && maxBody != maxRequestBodyBytes) LOG.info("Request bodies are accepted up to {} bytes", maxBody);
        maxRequestBodyBytes = maxBody;
        // Only a new address replaces the service (and restarts what follows it); the body limit is read live.
        if (current == null || current.serverDiffers(next)) {
            publish(next);
            current = next;
        }
    }

    private void publish(ServedEndpoint next) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        registration = context.registerService(HttpEndpoint.class, next, next.serviceProperties());
    }

    private int portOf(Config config) {
        String override = context.getProperty(PORT_OVERRIDE);
        int port = config.port();
        if (override != null && !override.isBlank()) {
            try {
                port = Integer.parseInt(override.trim());
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring {}={}: not a number", PORT_OVERRIDE, override);
            }
        }
        if (port < 0 || port > 65535) {
            LOG.error("port {} is out of range; using 10300", port);
            return 10300;
        }
        if (port == 0) {
            // any free port: keep the one chosen before, so a change elsewhere in the file does not move it
            if (current != null) return current.port();
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free TCP port", e);
            }
        }
        return port;
    }

    /** Says plainly why the server cannot move to a port, instead of a Jetty stack trace; then nothing changes. */
    private boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            LOG.error("Cannot listen on {}:{} ({}); is another gateway running? Choose another port in etc/gateway.http.cfg{}",
                    host, port, e.getMessage(), current == null ? "" : "; the HTTP server stays on " + current.url());
            return false;
        }
    }

    private String override(String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static long size(String setting, String value, long previous) {
        try {
            return ByteSize.parse(setting, value);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; keeping {} bytes", e.getMessage(), previous);
            return previous;
        }
    }

    private Path home() {
        String home = context.getProperty("gateway.home");
        return Path.of(home == null ? "" : home).toAbsolutePath();
    }

    private Path dataDir() {
        String data = context.getProperty("gateway.data");
        return Path.of(data == null ? "data" : data);
    }

    private Path etcFile() {
        String etc = context.getProperty("gateway.etc");
        return etc == null ? null : Path.of(etc, PID + ".cfg");
    }
}
