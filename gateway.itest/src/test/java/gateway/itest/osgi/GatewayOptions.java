package gateway.itest.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ops4j.pax.exam.Option;

/** Boots the same bundle set as the distribution (its bundles/ folder) in Felix, on a free loopback port. */
final class GatewayOptions {

    private GatewayOptions() {
    }

    static Path distribution() {
        return Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway"));
    }

    static Option gateway() {
        List<Option> options = new ArrayList<>();
        try (Stream<Path> jars = Files.list(distribution().resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String name = jar.getFileName().toString();
                // As in the launcher: the ServiceLoader bridge and ASM start first, the JAX-RS whiteboard last (while
                // it builds itself it cannot take services other bundles register at the same moment: it then fails
                // with a ConcurrentModificationException and serves nothing).
                int level = name.startsWith("org.apache.aries.spifly") || name.startsWith("asm") ? 2
                        : name.startsWith("org.apache.aries.jax.rs.whiteboard") ? 6 : 5;
                options.add(bundle(jar.toUri().toString()).startLevel(level));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("build the distribution first", e);
        }
        options.add(frameworkStartLevel(6));
        String port = String.valueOf(freePort());
        // As in the launcher: the core configures the HTTP server from these; Jetty waits for that configuration.
        options.add(frameworkProperty("org.apache.felix.http.require.config").value("true"));
        options.add(frameworkProperty("gateway.http.port").value(port));
        options.add(frameworkProperty("gateway.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("org.apache.cxf.osgi.http.transport.disable").value("true"));
        // As the launcher's home: what plugins generate (e.g. the call stream's account) goes to the build folder,
        // not into the module's working directory.
        options.add(frameworkProperty("gateway.data").value(Path.of("target/gateway-data").toAbsolutePath().toString()));
        options.add(frameworkProperty("stats.bundle").value(System.getProperty("stats.bundle")));
        options.add(systemPackages("org.slf4j;version=1.7.36", "org.slf4j.spi;version=1.7.36", "org.slf4j.helpers;version=1.7.36"));
        options.add(junitBundles());
        return composite(options.toArray(Option[]::new));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
