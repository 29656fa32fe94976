package gateway.lib.srt.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One timer thread for all callers in the JVM. A thread per connection cost a wakeup per connection
 * every tick: with hundreds of senders, hundreds of threads competed for the CPU with everything else
 * (the listener's receive thread included). The thread starts with the first caller and ends with the
 * last one.
 */
final class SharedTimer {
    private static ScheduledThreadPoolExecutor executor;
    private static int users;

    private SharedTimer() {
    }

    /** Runs {@code tick} every {@code periodMillis} until {@link #cancel}; a tick must not block. */
    static synchronized ScheduledFuture<?> schedule(Runnable tick, long periodMillis) {
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("srt-sender-timer").daemon().factory());
            executor.setRemoveOnCancelPolicy(true);
        }
        users++;
        return executor.scheduleAtFixedRate(tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops a tick; the thread ends when no tick is left. Call once per {@link #schedule}. */
    static synchronized void cancel(ScheduledFuture<?> task) {
        task.cancel(false);
        if (--users == 0) {
            executor.shutdown();
            executor = null;
        }
    }
}
