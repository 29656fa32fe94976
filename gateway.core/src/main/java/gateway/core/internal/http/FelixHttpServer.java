package gateway.core.internal.http;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Tells Felix HTTP (Jetty) where to listen and how: its configuration (PID {@value #PID}) gets the address and
 * either a plain HTTP connector or a TLS one with the in-memory key store. The launcher starts Felix HTTP with
 * {@code org.apache.felix.http.require.config=true}, so Jetty opens no port before this configuration exists.
 * Settings of Felix HTTP that the gateway does not own (an operator's {@code etc/org.apache.felix.http.cfg}) are
 * kept.
 */
final class FelixHttpServer {
    static final String PID = "org.apache.felix.http";
    static final String PORT = "org.osgi.service.http.port";
    static final String HOST = "org.apache.felix.http.host";
    static final String HTTP_ENABLE = "org.apache.felix.http.enable";
    static final String HTTPS_ENABLE = "org.apache.felix.https.enable";
    static final String HTTPS_PORT = "org.osgi.service.http.port.secure";
    static final String KEYSTORE = "org.apache.felix.https.keystore";
    static final String KEYSTORE_TYPE = "org.apache.felix.https.keystore.type";
    static final String KEYSTORE_PASSWORD = "org.apache.felix.https.keystore.password";
    static final String KEY_PASSWORD = "org.apache.felix.https.keystore.key.password";
    private static final List<String> TLS_KEYS = List.of(KEYSTORE, KEYSTORE_TYPE, KEYSTORE_PASSWORD, KEY_PASSWORD);

    private final ConfigurationAdmin configAdmin;
    private final InMemoryKeystores keystores;

    FelixHttpServer(ConfigurationAdmin configAdmin, InMemoryKeystores keystores) {
        this.configAdmin = configAdmin;
        this.keystores = keystores;
    }

    /**
     * Reconfigures the HTTP server; it restarts on the new address.
     *
     * @param endpoint what to serve
     * @throws IOException if Configuration Admin cannot store the configuration
     */
    void serve(ServedEndpoint endpoint) throws IOException {
        Configuration c = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> next = new Hashtable<>();
        Dictionary<String, Object> current = c.getProperties();
        if (current != null) {
            for (var keys = current.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                next.put(k, current.get(k));
            }
        }
        next.put(HOST, endpoint.host());
        TlsIdentity tls = endpoint.tls();
        if (tls == null) {
            next.put(PORT, endpoint.port());
            next.put(HTTP_ENABLE, true);
            next.put(HTTPS_ENABLE, false);
            next.remove(HTTPS_PORT);
            TLS_KEYS.forEach(next::remove);
            keystores.clear();
        } else {
            // One port, TLS only: no plain connector beside it.
            next.put(HTTP_ENABLE, false);
            next.put(HTTPS_ENABLE, true);
            next.put(HTTPS_PORT, endpoint.port());
            next.remove(PORT);
            next.put(KEYSTORE, keystores.publish(tls.pkcs12()));
            next.put(KEYSTORE_TYPE, "PKCS12");
            next.put(KEYSTORE_PASSWORD, tls.password());
            next.put(KEY_PASSWORD, tls.password());
        }
        c.update(next);
    }
}
