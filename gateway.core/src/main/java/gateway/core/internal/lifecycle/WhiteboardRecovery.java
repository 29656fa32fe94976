package gateway.core.internal.lifecycle;

import java.util.ConcurrentModificationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the JAX-RS whiteboard when it breaks while building itself. Aries JAX-RS Whiteboard 2.0.2 keeps its
 * services in plain hash maps: a REST resource registered on another thread while it assembles the applications
 * (at start, or while the HTTP server comes up) makes it fail with a {@link ConcurrentModificationException},
 * after which it serves nothing, or not that resource, until it is started again. Plugins register their
 * resources whenever their configuration and references are satisfied, so no start order rules the race out.
 *
 * <p>The failure reaches the framework as an error event of the whiteboard's bundle; this component answers it
 * by stopping and starting that bundle once things have been quiet for {@value #QUIET_MILLIS} ms, so it is
 * rebuilt from the services registered by then. At most {@value #MAX_RESTARTS} restarts follow each other
 * within {@value #WINDOW_MILLIS} ms; a whiteboard that keeps failing is left as it is and said so. Other errors
 * of the whiteboard are not its business.
 */
@Component(immediate = true)
public final class WhiteboardRecovery implements FrameworkListener {
    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardRecovery.class);
    /** The bundle this component watches. */
    static final String WHITEBOARD = "org.apache.aries.jax.rs.whiteboard";
    static final long QUIET_MILLIS = 300;
    static final int MAX_RESTARTS = 5;
    static final long WINDOW_MILLIS = 60_000;

    private final BundleContext context;
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-whiteboard-recovery");
        t.setDaemon(true);
        return t;
    });
    private final RestartBudget budget = new RestartBudget(MAX_RESTARTS, WINDOW_MILLIS);
    private ScheduledFuture<?> pending;

    @Activate
    public WhiteboardRecovery(BundleContext context) {
        this.context = context;
        context.addFrameworkListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(this);
        restarter.shutdownNow();
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        Bundle bundle = event.getBundle();
        if (!isWhiteboardBreakage(event.getType(), bundle == null ? null : bundle.getSymbolicName(),
                event.getThrowable())) return;
        schedule(bundle);
    }

    /** @return whether an error event says the whiteboard broke on a concurrent registration */
    static boolean isWhiteboardBreakage(int type, String symbolicName, Throwable error) {
        if (type != FrameworkEvent.ERROR || !WHITEBOARD.equals(symbolicName)) return false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrentModificationException) return true;
        }
        return false;
    }

    private synchronized void schedule(Bundle whiteboard) {
        // Several errors come in a burst from one failed build: one restart after the burst answers them all.
        if (pending != null) pending.cancel(false);
        if (restarter.isShutdown()) return;
        pending = restarter.schedule(() -> restart(whiteboard), QUIET_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void restart(Bundle whiteboard) {
        int frameworkState = context.getBundle(0).getState();
        if (frameworkState == Bundle.STOPPING || whiteboard.getState() == Bundle.UNINSTALLED) return;
        if (!budget.take(System.currentTimeMillis())) {
            LOG.error("The JAX-RS whiteboard failed {} times within {} s while building itself; it is left as it is"
                    + " and the REST API may be incomplete (restart the gateway)", MAX_RESTARTS, WINDOW_MILLIS / 1000);
            return;
        }
        long t0 = System.nanoTime();
        try {
            whiteboard.stop(Bundle.STOP_TRANSIENT);
            whiteboard.start(Bundle.START_TRANSIENT);
            LOG.warn("The JAX-RS whiteboard failed while a REST resource registered during its build"
                    + " (ConcurrentModificationException in Aries); restarted it in {} ms",
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (BundleException | IllegalStateException e) {
            LOG.error("The JAX-RS whiteboard failed while building itself and could not be restarted: {}",
                    e.getMessage());
        }
    }

    /** At most {@code max} restarts within a sliding window, so a whiteboard broken for good is not restarted forever. */
    static final class RestartBudget {
        private final long[] times;
        private final long windowMillis;
        private int next;

        RestartBudget(int max, long windowMillis) {
            this.times = new long[max];
            this.windowMillis = windowMillis;
            java.util.Arrays.fill(times, Long.MIN_VALUE / 2);
        }

        /** @return whether a restart at {@code now} is within the budget (and counts it if so) */
        synchronized boolean take(long now) {
            // times[next] is the oldest of the last max restarts
            if (now - times[next] < windowMillis) return false;
            times[next] = now;
            next = (next + 1) % times.length;
            return true;
        }
    }
}
