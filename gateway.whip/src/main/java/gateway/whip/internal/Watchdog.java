package gateway.whip.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the bridges through which no media has flowed for the configured time (counted from the request, so
 * also when nobody connects). Once a second, on a thread of its own, it asks each connected session for
 * WebRTC's receive counter; a bridge whose check fails is ended as failed, and the watchdog goes on with the
 * others (a scheduled task that throws would never run again).
 */
final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final Supplier<Collection<Bridge>> bridges;
    private final Duration noMedia;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("whip-watchdog").daemon().factory());

    /**
     * Starts checking.
     *
     * @param bridges the running bridges
     * @param noMedia how long a bridge may go without media
     */
    Watchdog(Supplier<Collection<Bridge>> bridges, Duration noMedia) {
        this.bridges = bridges;
        this.noMedia = noMedia;
        timer.scheduleWithFixedDelay(this::run, 1, 1, TimeUnit.SECONDS);
    }

    private void run() {
        try {
            check();
        } catch (Throwable e) { // never thrown on: the executor would silently stop the watchdog
            LOG.error("WHIP watchdog failed", e);
        }
    }

    /** One round: reads the receive counters and ends the bridges without media. */
    void check() {
        for (Bridge b : bridges.get()) {
            if (b.isEnded()) continue;
            try {
                WhipSession s = b.session();
                if (s != null && s.isConnected()) s.packetsReceived(b::packetsReceived);
                if (b.idleNanos() >= noMedia.toNanos()) {
                    b.end(EndCause.NO_MEDIA, "no media for " + noMedia.toSeconds() + " s" + (s == null ? " (no publisher connected)" : ""));
                }
            } catch (RuntimeException e) {
                LOG.error("WHIP watchdog: checking bridge {} failed", b.id(), e);
                b.end(EndCause.INTERNAL_ERROR, "the watchdog's check failed: " + e);
            }
        }
    }

    /** Stops checking. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
