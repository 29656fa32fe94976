package gateway.openapi.internal;

import java.io.InputStream;
import java.util.Map;

/**
 * The static files {@code /openapi/assets/{name}} serves: a fixed whitelist of names mapped to
 * resources of this bundle, so no request can reach any other file (no path traversal).
 */
final class Assets {
    /**
     * @param resource    the class-path resource inside this bundle
     * @param contentType the Content-Type it is served with
     */
    record Asset(String resource, String contentType) {
        /** @return the asset's bytes, or null if the bundle does not contain it (build without npm) */
        InputStream open() {
            return Assets.class.getResourceAsStream(resource);
        }
    }

    /** Asset name → resource. Nothing else is served. */
    private static final Map<String, Asset> BY_NAME = Map.of(
            "scalar.js", new Asset("/openapi-assets/scalar.js", "application/javascript; charset=utf-8"));

    private Assets() {
    }

    /**
     * @param name the requested file name, e.g. {@code scalar.js}
     * @return the asset, or null if the name is not on the whitelist
     */
    static Asset find(String name) {
        return name == null ? null : BY_NAME.get(name);
    }
}
