package gateway.api.http;

import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's HTTP address as it is in effect now: the one source of truth for the port, bind address
 * and transport security of the HTTP API. The core runtime resolves it once (command line, environment,
 * {@code etc/gateway.http.cfg}, defaults) and registers it as a service.
 *
 * <p><b>Changes.</b> When the address (port, bind address or TLS identity) changes while the gateway runs, the
 * core unregisters the old service and registers a new one. A component that derives something from the address
 * (the SRT ingest listens on the HTTP port number over UDP; the WHIP bridges take the next port) references this
 * service statically and is reactivated with the new value; nothing else needs to watch configuration. A change of
 * the request body limit alone replaces nothing: {@link #maxRequestBodyBytes()} answers the limit in effect.
 *
 * <p><b>Service properties</b> mirror the values, so a consumer can filter on them: {@value #PORT}
 * (Integer), {@value #HOST} (String), {@value #SECURE} (Boolean).
 *
 * <p>All methods are thread-safe; all but {@link #maxRequestBodyBytes()} return fixed values for the lifetime of
 * the service object.
 */
@ProviderType
public interface HttpEndpoint {

    /** Service property: the TCP port of the HTTP API (Integer). */
    String PORT = "gateway.http.port";

    /** Service property: the bind address of the HTTP API (String, e.g. {@code 0.0.0.0}). */
    String HOST = "gateway.http.host";

    /** Service property: whether the HTTP API is served over TLS (Boolean). */
    String SECURE = "gateway.http.secure";

    /** @return the bind address, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}; never {@code null} */
    String host();

    /** @return the TCP port the HTTP API listens on, 1–65535 */
    int port();

    /** @return {@code true} when the HTTP API is served over TLS ({@code https}) */
    boolean secure();

    /** @return {@code "https"} when {@link #secure()}, else {@code "http"} */
    default String scheme() {
        return secure() ? "https" : "http";
    }

    /**
     * The TLS context the HTTP API serves with, for plugins that open HTTP servers of their own (a WHIP
     * bridge's pool port) and must offer the same certificate.
     *
     * @return the server-side context when {@link #secure()}, else empty
     */
    Optional<SSLContext> sslContext();

    /**
     * The largest request body the gateway accepts now; larger bodies are refused with 413 before they are
     * read. Plugins that read request bodies on servers of their own apply the same bound, read when a body
     * arrives: the operator can change it while the service stays registered.
     *
     * @return the limit in bytes, positive
     */
    long maxRequestBodyBytes();
}
