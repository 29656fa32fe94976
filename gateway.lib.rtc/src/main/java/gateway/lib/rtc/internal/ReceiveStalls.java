package gateway.lib.rtc.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the receive thread for times it was away from the socket long enough for the kernel's receive buffer to
 * overflow under load, and says where the time went: its own work (handling the datagrams of one pass, the peers'
 * timers), or waiting for a core (its wait for the socket ended late: the machine was busy, or the JVM paused it for
 * a garbage collection — the collectors' time over the same span is logged beside it). A warning at most every
 * {@link #LOG_INTERVAL_NANOS}, with how many such stalls there were since the last one. Used by the receive thread only.
 */
final class ReceiveStalls {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveStalls.class);
    /** Away this long is reported: at 20 000 datagrams a second a default-sized receive buffer holds a few tenths of a second. */
    static final long STALL_NANOS = 200_000_000L;
    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String name;
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long gcMillisAtPass = gcMillis();
    private long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;
    private int unlogged;
    private long longest;
    private long total;

    ReceiveStalls(String name) {
        this.name = name;
    }

    /**
     * One pass of the receive loop.
     *
     * @param late   how much later than asked its wait for the socket ended (0 or less: in time)
     * @param handle the time it took to handle what the socket held (the thread losing its core meanwhile, or
     *               waiting for a lock, counts here)
     * @param datagrams how many datagrams it handled in that time
     * @param timers the time the peers' timers took (0: they did not run in this pass)
     */
    void pass(long late, long handle, int datagrams, long timers) {
        long away = Math.max(0, late) + handle + timers;
        if (away < STALL_NANOS) {
            // the collectors' time once per timer pass (every 20 ms), for a stall to compare with
            if (timers > 0) gcMillisAtPass = gcMillis();
            return;
        }
        long gc = gcMillis();
        long gcDuring = gc - gcMillisAtPass;
        gcMillisAtPass = gc;
        unlogged++;
        total += away;
        longest = Math.max(longest, away);
        long now = System.nanoTime();
        if (now - lastLog < LOG_INTERVAL_NANOS) return;
        LOG.warn("WebRTC transport {}: the receive thread was away from its socket for {} ms (waiting for a core {} ms, of which garbage "
                        + "collection up to {} ms; handling {} datagrams {} ms; timers {} ms); {} such stall(s) since the last report, {} ms in all, the longest {} ms",
                name, away / 1_000_000, Math.max(0, late) / 1_000_000, gcDuring, datagrams, handle / 1_000_000, timers / 1_000_000, unlogged, total / 1_000_000,
                longest / 1_000_000);
        lastLog = now;
        unlogged = 0;
        total = 0;
        longest = 0;
    }

    private long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean c : collectors) sum += Math.max(0, c.getCollectionTime());
        return sum;
    }
}
