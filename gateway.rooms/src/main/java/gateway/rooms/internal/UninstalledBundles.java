package gateway.rooms.internal;

import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkUtil;

/**
 * What the rooms bundle holds for other bundles (ingress pushes and feeds) ends when the bundle that started it is
 * uninstalled for good — not when it is updated or only stopped. This tells of such bundles, and which bundle an
 * object's class comes from.
 */
final class UninstalledBundles implements AutoCloseable {
    private final BundleContext context;
    private final BundleListener listener;

    /**
     * @param context     the rooms bundle's context; null = none is told (outside a framework)
     * @param uninstalled told of each bundle uninstalled for good
     */
    UninstalledBundles(BundleContext context, Consumer<Bundle> uninstalled) {
        this.context = context;
        this.listener = e -> {
            if (e.getType() == BundleEvent.UNINSTALLED) uninstalled.accept(e.getBundle());
        };
        if (context != null) context.addBundleListener(listener);
    }

    /** @return the id of the bundle whose class {@code o} is, or -1 when it is not a bundle's */
    static long bundleOf(Object o) {
        Bundle b = FrameworkUtil.getBundle(o.getClass());
        return b == null ? -1 : b.getBundleId();
    }

    @Override
    public void close() {
        if (context != null) context.removeBundleListener(listener);
    }
}
