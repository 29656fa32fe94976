package gateway.itest.e2e;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The activator of a plugin built by {@link ExecutableTest}: it starts a thread that dies of an uncaught exception,
 * as a careless plugin's thread would.
 */
public final class DyingThreadActivator implements BundleActivator {
    static final String THREAD = "itest-dying-thread";
    static final String MESSAGE = "deliberate failure in a plugin thread";

    @Override
    public void start(BundleContext context) {
        Thread.ofPlatform().name(THREAD).start(() -> {
            throw new IllegalStateException(MESSAGE);
        });
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to release
    }
}
