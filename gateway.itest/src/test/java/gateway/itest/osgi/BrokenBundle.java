package gateway.itest.osgi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A bundle that imports a package nobody exports: it can never resolve. */
final class BrokenBundle {
    private BrokenBundle() {
    }

    static InputStream jar() throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "itest.broken");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "com.example.missing;version=\"[1,2)\"");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            // manifest only
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
