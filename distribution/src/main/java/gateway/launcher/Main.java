package gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Starts the gateway: prepares the home folder (etc/, deploy/, data/, logs/), boots Felix with the
 * distribution's bundles, and hands etc/ and deploy/ to File Install so configuration and plugins are
 * picked up while it runs.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger("gateway.launcher");
    /** Infrastructure that must be active before the bundles that use it load their classes. */
    private static final List<String> FIRST = List.of("org.apache.aries.spifly.dynamic.bundle", "org.objectweb.asm");
    /** The HTTP server opens its port last, once the JAX-RS whiteboard and the core endpoints are in place. */
    private static final List<String> LAST = List.of("org.apache.felix.http.jetty");
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
            Framework framework = start(options, distributionDir());
            LOG.info(() -> "Gateway started in " + (System.nanoTime() - t0) / 1_000_000 + " ms (home " + options.home() + ")");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "gateway-shutdown"));
            FrameworkEvent end = framework.waitForStop(0);
            System.exit(end.getType() == FrameworkEvent.ERROR ? 1 : 0);
        } catch (Exception e) {
            if (e instanceof IllegalStateException) LOG.severe("Gateway failed to start: " + e.getMessage());
            else LOG.log(Level.SEVERE, "Gateway failed to start: " + e.getMessage(), e);
            System.exit(1);
        }
    }

    static Framework start(LauncherOptions options, Path dist) throws IOException, BundleException {
        Path home = options.home();
        Path etc = home.resolve("etc");
        Path deploy = home.resolve("deploy");
        Path data = home.resolve("data");
        Path logs = home.resolve("logs");
        for (Path p : List.of(etc, deploy, data, logs)) Files.createDirectories(p);
        copyDefaults(dist.resolve("etc"), etc);
        ConsoleAndFileLogging.install(logs, etc);

        Map<String, String> props = frameworkProperties(options, home, etc, deploy, data);
        ensurePortFree(props.get("org.apache.felix.http.host"), Integer.parseInt(props.get("org.osgi.service.http.port")));
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(props);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(2);

        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(dist.resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                // reference: installs in place, without copying the jar into the framework cache.
                Bundle b = ctx.installBundle("reference:" + jar.toUri());
                String name = b.getSymbolicName() == null ? "" : b.getSymbolicName();
                if (FIRST.stream().anyMatch(name::startsWith)) b.adapt(BundleStartLevel.class).setStartLevel(1);
                if (LAST.contains(name)) b.adapt(BundleStartLevel.class).setStartLevel(3);
                installed.add(b);
            }
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) b.start();
        }
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        ctx.addFrameworkListener(e -> {
            if (e.getType() == FrameworkEvent.STARTED) started.countDown();
        });
        framework.start();
        try {
            // start levels are raised on the framework's own thread; wait for the last one
            started.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long active = java.util.Arrays.stream(ctx.getBundles()).filter(b -> b.getState() == Bundle.ACTIVE).count();
        LOG.info("HTTP on " + props.get("org.apache.felix.http.host") + ":" + props.get("org.osgi.service.http.port")
                + "; " + active + " of " + ctx.getBundles().length + " bundles active");
        return framework;
    }

    static Map<String, String> frameworkProperties(LauncherOptions o, Path home, Path etc, Path deploy, Path data) throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, data.resolve("framework").toString());
        // The distribution's bundles are installed afresh at every start; deploy/ is re-read by File Install.
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "3");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                "org.slf4j;version=" + SLF4J_VERSION, "org.slf4j.spi;version=" + SLF4J_VERSION,
                "org.slf4j.helpers;version=" + SLF4J_VERSION, "org.slf4j.event;version=" + SLF4J_VERSION));
        p.put("gateway.home", home.toString());
        p.put("gateway.data", data.toString());

        // File Install: configuration from etc/, plugins from deploy/, both watched while running.
        p.put("felix.fileinstall.dir", etc + "," + deploy);
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.log.level", "2");
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config|jar)");
        p.put("felix.fileinstall.tmpdir", data.resolve("tmp").toString());

        // HTTP address: --port/--host or environment, else etc/gateway.http.cfg, else the defaults.
        Properties http = new Properties();
        Path httpCfg = etc.resolve("gateway.http.cfg");
        if (Files.isRegularFile(httpCfg)) {
            try (InputStream in = Files.newInputStream(httpCfg)) {
                http.load(in);
            }
        }
        String port = o.port() != null ? o.port().toString() : http.getProperty("port", "10300").trim();
        String host = o.host() != null ? o.host() : http.getProperty("host", "0.0.0.0").trim();
        // Command-line and environment values also override etc/ while running (see HttpSettings).
        if (o.port() != null) p.put("gateway.http.port", port);
        if (o.host() != null) p.put("gateway.http.host", host);
        p.put("org.osgi.service.http.port", port);
        p.put("org.apache.felix.http.host", host);
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

    private static void copyDefaults(Path defaults, Path etc) throws IOException {
        if (!Files.isDirectory(defaults)) return;
        try (Stream<Path> files = Files.list(defaults)) {
            for (Path f : files.toList()) {
                Path target = etc.resolve(f.getFileName());
                if (!Files.exists(target)) Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void stop(Framework framework) {
        try {
            if (framework.getState() == Bundle.ACTIVE || framework.getState() == Bundle.STARTING) {
                framework.stop();
                framework.waitForStop(15_000);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Gateway did not stop cleanly: " + e.getMessage(), e);
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
