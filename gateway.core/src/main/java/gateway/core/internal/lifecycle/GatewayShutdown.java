package gateway.core.internal.lifecycle;

import gateway.core.internal.stream.StreamTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the gateway shuts down (the framework begins to stop), ends every live stream with the reason
 * {@value #REASON} before any plugin stops: clients on {@code /sse}, still connected at that moment, and the log
 * see why each stream ended, instead of a plugin's "stopped" a moment later.
 */
@Component(immediate = true)
public final class GatewayShutdown implements SynchronousBundleListener {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayShutdown.class);
    static final String REASON = "gateway shutting down";

    private final BundleContext context;
    private final StreamTable streams;

    @Activate
    public GatewayShutdown(BundleContext context, @Reference StreamTable streams) {
        this.context = context;
        this.streams = streams;
        context.addBundleListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.STOPPING || event.getBundle().getBundleId() != 0) return;
        long t0 = System.nanoTime();
        int ended = streams.endAll(REASON);
        LOG.info("Ended {} live stream(s) in {} ms: {}", ended, (System.nanoTime() - t0) / 1_000_000, REASON);
    }
}
