package gateway.launcher;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Stops the gateway on a signal and says so step by step: the signal, the plugins stopping (their live streams
 * end first, with the reason "gateway shutting down", logged by the core), the HTTP server closing, and the
 * whole stop's duration. The start levels make the order: plugins (level {@value Main#PLUGIN_LEVEL}) stop
 * before the core and the HTTP server, so clients still connected to {@code /sse} see the streams end.
 */
final class ShutdownSequence implements SynchronousBundleListener {
    private static final Logger LOG = Logger.getLogger("gateway.launcher");

    private final Framework framework;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean pluginsAnnounced = new AtomicBoolean();
    private final AtomicBoolean coreAnnounced = new AtomicBoolean();
    private volatile long startedNanos;
    /** When the previous step ended: bundles stop one after the other, so a step's time is the time since. */
    private volatile long lastStepNanos;
    private volatile String cause;

    ShutdownSequence(Framework framework) {
        this.framework = framework;
    }

    /**
     * Catches SIGTERM and SIGINT, so the stop is logged while logging still works (the JVM's own shutdown hooks
     * run concurrently with the one that closes the log handlers). Falls back to a shutdown hook where the JVM
     * does not allow signal handlers.
     */
    void install() {
        framework.getBundleContext().addBundleListener(this);
        try {
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> request("SIG" + s.getName()));
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warning("Cannot handle signals (" + e + "); the stop is logged by a shutdown hook instead");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // after a signal the stop is under way, and logging may already be closed: nothing to add
            if (!requested.get() && request("JVM shutdown")) awaitStopped(30_000);
        }, "gateway-shutdown"));
    }

    /**
     * Starts stopping the gateway, once.
     *
     * @param why what asked for it, e.g. {@code SIGTERM}
     * @return whether this call started it
     */
    boolean request(String why) {
        if (!requested.compareAndSet(false, true)) {
            LOG.info(why + " received while the gateway is already stopping; send SIGKILL to end it at once");
            return false;
        }
        cause = why;
        startedNanos = System.nanoTime();
        lastStepNanos = startedNanos;
        LOG.info(why + " received: stopping the gateway");
        try {
            framework.stop();
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "Cannot stop the framework: " + e.getMessage(), e);
        }
        return true;
    }

    /** @return whether a stop was requested (by a signal, or by the JVM shutting down) */
    boolean requested() {
        return requested.get();
    }

    /** Logs the end of a requested stop. */
    void stopped() {
        if (!requested.get()) return;
        LOG.info("Gateway stopped in " + (System.nanoTime() - startedNanos) / 1_000_000 + " ms (" + cause + ")");
    }

    private void step(String message) {
        LOG.info(message);
        lastStepNanos = System.nanoTime();
    }

    private void awaitStopped(long millis) {
        try {
            framework.waitForStop(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (!requested.get()) return;
        Bundle b = event.getBundle();
        if (b.getBundleId() == 0) return;
        int level = b.adapt(BundleStartLevel.class).getStartLevel();
        String name = b.getSymbolicName();
        if (event.getType() == BundleEvent.STOPPING) {
            if (level >= Main.PLUGIN_LEVEL && pluginsAnnounced.compareAndSet(false, true)) step("Stopping plugins");
            if (Main.HTTP_SERVER.equals(name)) step("Closing HTTP");
            else if (level < Main.PLUGIN_LEVEL && coreAnnounced.compareAndSet(false, true)) step("Stopping the core and its services");
        } else if (event.getType() == BundleEvent.STOPPED) {
            String took = " in " + (System.nanoTime() - lastStepNanos) / 1_000_000 + " ms";
            if (level >= Main.PLUGIN_LEVEL) step("Plugin " + name + " stopped" + took);
            else if (Main.HTTP_SERVER.equals(name)) step("HTTP closed" + took);
        }
    }
}
