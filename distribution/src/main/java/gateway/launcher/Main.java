package gateway.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Starts the gateway: prepares the home folder (etc/, deploy/, data/, logs/), boots Felix with the
 * distribution's bundles, and hands etc/ and deploy/ to File Install so configuration and plugins are
 * picked up while it runs. Where HTTP listens is decided by the core (from the command line and environment
 * passed on here, then {@code etc/gateway.http.cfg}); the launcher only reports it.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger("gateway.launcher");
    /** Infrastructure that must be active before the bundles that use it load their classes. */
    private static final List<String> FIRST = List.of("org.apache.aries.spifly.dynamic.bundle", "org.objectweb.asm");
    /** The HTTP server: starts with the infrastructure (it opens its port once the core has configured it). */
    static final String HTTP_SERVER = "org.apache.felix.http.jetty";
    /** Bundles that are part of the runtime rather than plugins. */
    private static final List<String> RUNTIME = List.of("gateway.api", "gateway.core", "gateway.lib.");
    static final int INFRASTRUCTURE_LEVEL = 2;
    /** Plugins start after, and stop before, the core and the HTTP server: their streams end while /sse still runs. */
    static final int PLUGIN_LEVEL = 3;
    private static final long HTTP_WAIT_SECONDS = 20;
    private static final String HTTP_ENDPOINT = "gateway.api.http.HttpEndpoint";
    private static final String SLF4J_VERSION = "1.7.36";

    private Main() {
    }

    public static void main(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv());
        } catch (LauncherOptions.UsageException e) {
            if (e.getMessage() != null) System.err.println("gateway: " + e.getMessage());
            System.err.print(LauncherOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            long t0 = System.nanoTime();
            prepareHome(options.home(), distributionDir());
            UncaughtExceptionLogging.install();
            Framework framework = start(options, distributionDir());
            ShutdownSequence shutdown = new ShutdownSequence(framework);
            shutdown.install();
            announce(framework, options.home(), t0);
            FrameworkEvent end = framework.waitForStop(0);
            shutdown.stopped();
            System.exit(end.getType() == FrameworkEvent.ERROR ? 1 : 0);
        } catch (Exception e) {
            if (e instanceof IllegalStateException) LOG.severe("Gateway failed to start: " + e.getMessage());
            else LOG.log(Level.SEVERE, "Gateway failed to start: " + e.getMessage(), e);
            System.exit(1);
        }
    }

    /** Creates the home's folders, copies the default configuration that is not there yet, and starts logging. */
    static void prepareHome(Path home, Path dist) throws IOException {
        for (String dir : List.of("etc", "deploy", "data", "logs")) Files.createDirectories(home.resolve(dir));
        copyDefaults(dist.resolve("etc"), home.resolve("etc"));
        ConsoleAndFileLogging.install(home.resolve("logs"), home.resolve("etc"));
    }

    static Framework start(LauncherOptions options, Path dist) throws IOException, BundleException {
        Path home = options.home();
        Map<String, String> props = frameworkProperties(options, home);
        // A port given on the command line is checked now, for a plain message; one from etc/ is checked by the core.
        if (options.port() != null) ensurePortFree(options.host() == null ? "0.0.0.0" : options.host(), options.port());
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(props);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(INFRASTRUCTURE_LEVEL);

        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(dist.resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                // reference: installs in place, without copying the jar into the framework cache.
                Bundle b = ctx.installBundle("reference:" + jar.toUri());
                b.adapt(BundleStartLevel.class).setStartLevel(startLevel(b.getSymbolicName()));
                installed.add(b);
            }
        }
        Bundle whiteboard = null;
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) continue;
            if (JAXRS_WHITEBOARD.equals(b.getSymbolicName())) whiteboard = b;
            else b.start();
        }
        CountDownLatch started = new CountDownLatch(1);
        ctx.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.STARTED) started.countDown();
        });
        framework.start();
        try {
            // start levels are raised on the framework's own thread; wait for the last one
            started.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The JAX-RS whiteboard starts once everything else has: it cannot take services registered on another
        // thread while it builds itself (Aries JAX-RS Whiteboard 2.0.2 then fails with a
        // ConcurrentModificationException and serves nothing; the core restarts it when that still happens).
        // It stops with the infrastructure, after the plugins.
        if (whiteboard != null) startWhiteboard(whiteboard);
        return framework;
    }

    /**
     * Starts the JAX-RS whiteboard, again if it fails on a resource registering during its build (the core's
     * whiteboard recovery answers the same failure later on; here it would come out of {@code start} itself).
     */
    private static void startWhiteboard(Bundle whiteboard) throws BundleException {
        for (int attempt = 1; ; attempt++) {
            try {
                whiteboard.start();
                return;
            } catch (BundleException e) {
                if (attempt == 3 || !causedByConcurrentModification(e)) throw e;
                LOG.warning("The JAX-RS whiteboard failed while a REST resource registered during its build;"
                        + " starting it again");
                whiteboard.stop(Bundle.STOP_TRANSIENT);
            }
        }
    }

    private static boolean causedByConcurrentModification(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.ConcurrentModificationException) return true;
        }
        return false;
    }

    /** The JAX-RS whiteboard, started last (see {@link #start}). */
    static final String JAXRS_WHITEBOARD = "org.apache.aries.jax.rs.whiteboard";

    static int startLevel(String symbolicName) {
        String name = symbolicName == null ? "" : symbolicName;
        if (FIRST.stream().anyMatch(name::startsWith)) return 1;
        if (name.startsWith("gateway.") && RUNTIME.stream().noneMatch(name::startsWith)) return PLUGIN_LEVEL;
        return INFRASTRUCTURE_LEVEL;
    }

    static Map<String, String> frameworkProperties(LauncherOptions o, Path home) {
        Path etc = home.resolve("etc");
        Path deploy = home.resolve("deploy");
        Path data = home.resolve("data");
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, data.resolve("framework").toString());
        // The distribution's bundles are installed afresh at every start; deploy/ is re-read by File Install.
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(PLUGIN_LEVEL));
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                "org.slf4j;version=" + SLF4J_VERSION, "org.slf4j.spi;version=" + SLF4J_VERSION,
                "org.slf4j.helpers;version=" + SLF4J_VERSION, "org.slf4j.event;version=" + SLF4J_VERSION));
        p.put("gateway.home", home.toString());
        p.put("gateway.etc", etc.toString());
        p.put("gateway.data", data.toString());

        // File Install: configuration from etc/, plugins from deploy/ (started with the plugins), both watched.
        p.put("felix.fileinstall.dir", etc + "," + deploy);
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.start.level", String.valueOf(PLUGIN_LEVEL));
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config|jar)");
        p.put("felix.fileinstall.tmpdir", data.resolve("tmp").toString());

        // HTTP: the core owns the address (these overrides, then etc/gateway.http.cfg, then its defaults) and
        // configures the server; Jetty waits for that configuration instead of opening a default port first.
        if (o.port() != null) p.put("gateway.http.port", o.port().toString());
        if (o.host() != null) p.put("gateway.http.host", o.host());
        p.put("org.apache.felix.http.require.config", "true");
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        p.put("org.apache.cxf.osgi.http.transport.disable", "true");
        return p;
    }

    /** Fails with a plain message, instead of a Jetty stack trace later, when the HTTP port is taken. */
    static void ensurePortFree(String host, int port) {
        if (port == 0) return;
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); is another gateway running? Choose another port with --port or etc/gateway.http.cfg");
        }
    }

    /** Says where the HTTP API is, once the core has published it. */
    private static void announce(Framework framework, Path home, long t0) {
        BundleContext ctx = framework.getBundleContext();
        CountDownLatch published = new CountDownLatch(1);
        ServiceListener listener = e -> {
            if (e.getType() == ServiceEvent.REGISTERED) published.countDown();
        };
        try {
            ctx.addServiceListener(listener, "(objectClass=" + HTTP_ENDPOINT + ")");
            if (ctx.getServiceReference(HTTP_ENDPOINT) == null) published.await(HTTP_WAIT_SECONDS, TimeUnit.SECONDS);
            ctx.removeServiceListener(listener);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long active = java.util.Arrays.stream(ctx.getBundles()).filter(b -> b.getState() == Bundle.ACTIVE).count();
        ServiceReference<?> endpoint = ctx.getServiceReference(HTTP_ENDPOINT);
        String http = endpoint == null ? "the HTTP API is not up yet (see the errors above; etc/gateway.http.cfg is read while running)"
                : "HTTP API at " + (Boolean.TRUE.equals(endpoint.getProperty("gateway.http.secure")) ? "https" : "http") + "://"
                + endpoint.getProperty("gateway.http.host") + ":" + endpoint.getProperty("gateway.http.port") + "/";
        String line = "Gateway started in " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + http + "; home " + home
                + "; " + active + " of " + ctx.getBundles().length + " bundles active";
        if (endpoint == null) LOG.warning(line);
        else LOG.info(line);
    }

    private static void copyDefaults(Path defaults, Path etc) throws IOException {
        if (!Files.isDirectory(defaults)) return;
        try (Stream<Path> files = Files.list(defaults)) {
            for (Path f : files.toList()) {
                Path target = etc.resolve(f.getFileName());
                if (!Files.exists(target)) Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** The folder holding gateway.jar, bundles/ and the default etc/. */
    static Path distributionDir() {
        String override = System.getProperty("gateway.distribution");
        if (override != null) return Path.of(override);
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the distribution folder", e);
        }
    }
}
