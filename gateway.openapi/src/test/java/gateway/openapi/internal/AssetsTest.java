package gateway.openapi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class AssetsTest {

    @Test
    void servesTheBundledScalarScript() throws Exception {
        Assets.Asset asset = Assets.find("scalar.js");
        assertNotNull(asset);
        assertEquals("application/javascript; charset=utf-8", asset.contentType());
        try (InputStream in = asset.open()) {
            assertNotNull(in, "the build puts openapi-assets/scalar.js on the class path");
            byte[] head = in.readNBytes(64 * 1024);
            assertTrue(head.length > 10_000, "the Scalar standalone bundle, not an empty file");
        }
    }

    @Test
    void servesNothingOffTheWhitelist() {
        for (String name : new String[] {null, "", "standalone.js", "../scalar.js", "scalar.js/..", "..%2Fscalar.js",
                "/openapi-assets/scalar.js", "../../gateway/openapi/internal/Assets.class", "SCALAR.JS", "scalar.js "}) {
            assertNull(Assets.find(name), "not served: " + name);
        }
    }
}
