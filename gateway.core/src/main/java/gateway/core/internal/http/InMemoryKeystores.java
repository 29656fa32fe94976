package gateway.core.internal.http;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.url.AbstractURLStreamHandlerService;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;

/**
 * Serves the HTTP server's key store from memory under {@code gateway-keystore:<n>} URLs. Felix HTTP reads its
 * key store from a path or URL only; this URL scheme (an OSGi URL handler) lets it read the in-memory copy, so
 * no key store is ever written to disk. Only the latest key store is served; earlier URLs stop resolving.
 */
@Component(service = {InMemoryKeystores.class, URLStreamHandlerService.class},
        property = URLConstants.URL_HANDLER_PROTOCOL + "=" + InMemoryKeystores.PROTOCOL)
public final class InMemoryKeystores extends AbstractURLStreamHandlerService {
    static final String PROTOCOL = "gateway-keystore";

    private record Entry(String name, byte[] bytes) {}

    private final AtomicLong generation = new AtomicLong();
    private final AtomicReference<Entry> current = new AtomicReference<>();

    /**
     * Makes a key store the one served.
     *
     * @param pkcs12 the key store bytes
     * @return the URL that reads them
     */
    String publish(byte[] pkcs12) {
        Entry e = new Entry(String.valueOf(generation.incrementAndGet()), pkcs12.clone());
        current.set(e);
        return PROTOCOL + ":" + e.name();
    }

    /** Stops serving any key store. */
    void clear() {
        current.set(null);
    }

    @Override
    public URLConnection openConnection(URL url) {
        return new URLConnection(url) {
            @Override
            public void connect() {
                connected = true;
            }

            @Override
            public InputStream getInputStream() throws FileNotFoundException {
                Entry e = current.get();
                if (e == null || !e.name().equals(url.getPath())) throw new FileNotFoundException(url + " is no longer served");
                return new ByteArrayInputStream(e.bytes());
            }
        };
    }
}
