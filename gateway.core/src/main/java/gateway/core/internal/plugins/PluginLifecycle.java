package gateway.core.internal.plugins;

import gateway.api.http.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates and restarts plugin bundles at run time, for {@code PUT /plugins/{id}} and
 * {@code POST /plugins/{id}/restart}. No package refresh follows an update: plugins do not import each
 * other's packages, so nothing else is restarted; the new revision's services replace the old ones.
 */
@Component(service = PluginLifecycle.class)
public final class PluginLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);
    /** The largest plugin jar accepted. */
    static final long MAX_JAR = 256L * 1024 * 1024;

    private final BundleContext context;

    @Activate
    public PluginLifecycle(BundleContext context) {
        this.context = context;
    }

    /**
     * Replaces a bundle with the uploaded jar of the same symbolic name.
     *
     * @param id  bundle id or symbolic name
     * @param jar the new jar
     * @return the bundle, updated and started again
     * @throws IOException if the upload cannot be stored
     */
    public Bundle update(String id, InputStream jar) throws IOException {
        Bundle b = changeable(id);
        Path tmp = Files.createTempFile("plugin-", ".jar");
        try {
            long size;
            try (var out = Files.newOutputStream(tmp)) {
                size = jar.transferTo(new java.io.FilterOutputStream(out) {
                    long n;

                    @Override
                    public void write(byte[] bytes, int off, int len) throws IOException {
                        n += len;
                        if (n > MAX_JAR) throw new IOException("larger than " + MAX_JAR / 1024 / 1024 + " MB");
                        out.write(bytes, off, len);
                    }
                });
            } catch (IOException tooBig) {
                throw ProblemException.badRequest("the upload is not accepted: " + tooBig.getMessage());
            }
            String name = symbolicName(tmp, size);
            if (!b.getSymbolicName().equals(name)) {
                throw ProblemException.badRequest("the jar is bundle '" + name + "', not '" + b.getSymbolicName() + "'");
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                long t0 = System.nanoTime();
                b.update(in);
                if (b.getState() != Bundle.ACTIVE) b.start();
                LOG.info("Plugin {} updated to {} in {} ms", b.getSymbolicName(), b.getVersion(), (System.nanoTime() - t0) / 1_000_000);
            } catch (BundleException e) {
                throw new ProblemException(409, "Conflict", "the update of '" + b.getSymbolicName() + "' failed: " + e.getMessage());
            }
            return b;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Stops and starts a bundle (its components deactivate and activate again).
     *
     * @param id bundle id or symbolic name
     * @return the bundle
     */
    public Bundle restart(String id) {
        Bundle b = changeable(id);
        try {
            b.stop(Bundle.STOP_TRANSIENT);
            b.start(Bundle.START_TRANSIENT);
            LOG.info("Plugin {} restarted", b.getSymbolicName());
        } catch (BundleException e) {
            throw new ProblemException(409, "Conflict", "the restart of '" + b.getSymbolicName() + "' failed: " + e.getMessage());
        }
        return b;
    }

    private Bundle changeable(String id) {
        Bundle found = null;
        for (Bundle b : context.getBundles()) {
            if (String.valueOf(b.getBundleId()).equals(id) || id.equals(b.getSymbolicName())) found = b;
        }
        if (found == null) throw ProblemException.notFound("no plugin with id or name '" + id + "'");
        if (found.getBundleId() == 0 || found.equals(context.getBundle())) {
            throw ProblemException.conflict("'" + found.getSymbolicName() + "' is the runtime that serves this API; "
                    + "update it by restarting the gateway with the new version");
        }
        if (found.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            throw ProblemException.conflict("'" + found.getSymbolicName() + "' is a fragment; it changes with its host");
        }
        return found;
    }

    private static String symbolicName(Path jar, long size) {
        if (size == 0) throw ProblemException.badRequest("the body must be the plugin's jar file");
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) throw ProblemException.badRequest("the jar has no Bundle-SymbolicName: not an OSGi bundle");
            int semi = bsn.indexOf(';');
            return (semi < 0 ? bsn : bsn.substring(0, semi)).trim();
        } catch (IOException e) {
            throw ProblemException.badRequest("the body is not a jar file: " + e.getMessage());
        }
    }
}
