package gateway.core.internal.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP settings (PID {@code gateway.http}, file {@code etc/gateway.http.cfg}): applies
 * port and bind address to the HTTP server and decides the management access policy. Framework
 * properties {@code gateway.http.port} / {@code gateway.http.host}, which the launcher sets from its
 * command line or environment, take precedence over the file.
 */
@Component(configurationPid = HttpSettings.PID, service = HttpSettings.class, immediate = true)
@Designate(ocd = HttpSettings.Config.class)
public final class HttpSettings {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSettings.class);
    static final String PID = "gateway.http";
    static final String FELIX_HTTP_PID = "org.apache.felix.http";
    static final String PORT_KEY = "org.osgi.service.http.port";
    static final String HOST_KEY = "org.apache.felix.http.host";

    @ObjectClassDefinition(name = "Gateway HTTP", description = "HTTP server address and management access")
    public @interface Config {
        @AttributeDefinition(description = "TCP port of the HTTP API (default 10300, or the launcher's --port)")
        int port() default 10300;

        @AttributeDefinition(description = "Bind address; 0.0.0.0 for all interfaces. Beyond loopback, management endpoints always require a token.")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "Bearer token for management endpoints. Empty: none on loopback, a generated one (data/management.token) otherwise.", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String managementToken() default "";
    }

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private volatile ManagementAccess access = ManagementAccess.open();
    private volatile String host;
    private volatile int port;

    @Activate
    public HttpSettings(BundleContext context, @Reference ConfigurationAdmin configAdmin, Config config) {
        this.context = context;
        this.configAdmin = configAdmin;
        apply(config);
    }

    @Modified
    void modified(Config config) {
        apply(config);
    }

    /** @return the current management access policy */
    public ManagementAccess access() {
        return access;
    }

    /** @return the current bind address */
    public String host() {
        return host;
    }

    /** @return the current port */
    public int port() {
        return port;
    }

    private void apply(Config config) {
        port = intProperty("gateway.http.port", config.port());
        host = stringProperty("gateway.http.host", config.host());
        access = ManagementAccess.decide(host, config.managementToken(), dataDir());
        pushToHttpServer();
    }

    private Path dataDir() {
        String data = context.getProperty("gateway.data");
        return Path.of(data == null ? "data" : data);
    }

    /** Tells Felix HTTP (Jetty) the address, unless it already listens there. */
    private void pushToHttpServer() {
        try {
            Configuration c = configAdmin.getConfiguration(FELIX_HTTP_PID, "?");
            Dictionary<String, Object> current = c.getProperties();
            String curPort = current != null ? Objects.toString(current.get(PORT_KEY), null) : context.getProperty(PORT_KEY);
            String curHost = current != null ? Objects.toString(current.get(HOST_KEY), null) : context.getProperty(HOST_KEY);
            if (String.valueOf(port).equals(curPort) && host.equals(curHost)) return;
            Dictionary<String, Object> next = new Hashtable<>();
            if (current != null) {
                for (var keys = current.keys(); keys.hasMoreElements(); ) {
                    String k = keys.nextElement();
                    next.put(k, current.get(k));
                }
            }
            next.put(PORT_KEY, port);
            next.put(HOST_KEY, host);
            c.update(next);
            LOG.info("HTTP server moves to {}:{}", host, port);
        } catch (IOException e) {
            LOG.error("Cannot apply the HTTP address {}:{}: {}", host, port, e.toString());
        }
    }

    private int intProperty(String key, int fallback) {
        String v = context.getProperty(key);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring framework property {}={}: not a number", key, v);
            return fallback;
        }
    }

    private String stringProperty(String key, String fallback) {
        String v = context.getProperty(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
