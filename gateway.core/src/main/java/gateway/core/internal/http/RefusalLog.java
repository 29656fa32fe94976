package gateway.core.internal.http;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused management requests so an operator sees attempts, without letting a flood of them fill the log:
 * at most {@value #LINES_PER_MINUTE} lines a minute; beyond that refusals are only counted, and the next line
 * after the minute says how many went unlogged (the {@link ManagementRefusalCounter} keeps exact totals).
 * Never logs the token offered.
 */
final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger("gateway.management");
    static final int LINES_PER_MINUTE = 10;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final LongSupplier nanoClock;
    private final Consumer<String> log;
    private long windowStart;
    private int logged;
    private long suppressed;

    RefusalLog() {
        this(System::nanoTime, LOG::warn);
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds
     * @param log       where the lines go
     */
    RefusalLog(LongSupplier nanoClock, Consumer<String> log) {
        this.nanoClock = nanoClock;
        this.log = log;
        this.windowStart = nanoClock.getAsLong();
    }

    /**
     * @param reason why the request was refused
     * @param method the request method
     * @param path   the request path (no query string: it could carry secrets)
     * @param remote the client's address
     */
    synchronized void refused(ManagementRefusalCounter.Reason reason, String method, String path, String remote) {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= MINUTE_NANOS) {
            if (suppressed > 0) {
                log.accept(suppressed + " more management request(s) were refused in the last minute without a log line each");
            }
            windowStart = now;
            logged = 0;
            suppressed = 0;
        }
        if (logged >= LINES_PER_MINUTE) {
            suppressed++;
            return;
        }
        logged++;
        log.accept("Management request refused (" + reason.text() + "): " + method + " " + path + " from " + remote);
    }
}
