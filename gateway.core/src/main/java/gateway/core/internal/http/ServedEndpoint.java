package gateway.core.internal.http;

import gateway.api.http.HttpEndpoint;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;

/**
 * The HTTP address in effect, as registered for other components: bind address, port, the TLS identity when
 * the port serves HTTPS, and the request body limit. The address is immutable (a change of it is a new instance);
 * the body limit is read live from the settings, so changing it replaces nothing.
 *
 * @param host      the bind address
 * @param port      the TCP port
 * @param tls       the TLS identity, or {@code null} for plain HTTP
 * @param bodyLimit the request body limit in effect
 */
record ServedEndpoint(String host, int port, TlsIdentity tls, LongSupplier bodyLimit) implements HttpEndpoint {

    @Override
    public long maxRequestBodyBytes() {
        return bodyLimit.getAsLong();
    }

    @Override
    public boolean secure() {
        return tls != null;
    }

    @Override
    public Optional<SSLContext> sslContext() {
        return tls == null ? Optional.empty() : Optional.of(tls.sslContext());
    }

    /** @return whether the HTTP server must be reconfigured (and restarted) to serve {@code next} */
    boolean serverDiffers(ServedEndpoint next) {
        return port != next.port || !host.equals(next.host) || !TlsIdentity.same(tls, next.tls);
    }

    /** @return the service properties that mirror the values */
    Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(PORT, port);
        p.put(HOST, host);
        p.put(SECURE, secure());
        return p;
    }

    /** @return e.g. {@code https://0.0.0.0:10300} */
    String url() {
        return scheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return url() + ", request bodies up to " + maxRequestBodyBytes() + " bytes" + (tls == null ? "" : ", " + Objects.toString(tls.describe()));
    }
}
