package gateway.srt.internal;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRT callers the ingest refused: counted per {@link CallerRefusal}, and logged with the caller's
 * address and the reason. Never with the passphrase or the token; the stream id only when it is an
 * event id (anything else a caller sends is neither trusted into the log nor needed there).
 *
 * <p>A caller that keeps retrying (srt-live-transmit does, several times a second) would fill the log:
 * each reason is logged at most once a second, and the next line says how many were left out. The
 * counts include every refusal. Thread-safe.
 */
final class CallerRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(CallerRefusals.class);
    private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;
    private static final CallerRefusal[] REASONS = CallerRefusal.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);
    private final long[] lastLogged = new long[REASONS.length];
    private final long[] unlogged = new long[REASONS.length];
    private final LongSupplier nanoTime;

    CallerRefusals() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock of the log's rate limit */
    CallerRefusals(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        long start = nanoTime.getAsLong() - LOG_INTERVAL_NANOS;
        java.util.Arrays.fill(lastLogged, start);
    }

    /**
     * Counts and logs one refusal.
     *
     * @param reason   why
     * @param peer     the caller's address
     * @param streamId the stream id it sent, "" for none
     */
    void refused(CallerRefusal reason, InetSocketAddress peer, String streamId) {
        long total = counts.incrementAndGet(reason.ordinal());
        long skipped;
        synchronized (lastLogged) {
            long now = nanoTime.getAsLong();
            int i = reason.ordinal();
            if (now - lastLogged[i] < LOG_INTERVAL_NANOS) {
                unlogged[i]++;
                return;
            }
            lastLogged[i] = now;
            skipped = unlogged[i];
            unlogged[i] = 0;
        }
        String line = "SRT caller {} refused ({}): {}{}; {} such refusal(s) so far{}";
        Object[] args = {peer, reason.label(), reason.description(), describe(streamId), total,
                skipped == 0 ? "" : ", " + skipped + " not logged since the last line"};
        if (reason.suspicious()) LOG.warn(line, args);
        else LOG.info(line, args);
    }

    /** @return refusals so far per reason, every reason present (0 when none); a snapshot */
    Map<CallerRefusal, Long> counts() {
        Map<CallerRefusal, Long> out = new EnumMap<>(CallerRefusal.class);
        for (CallerRefusal r : REASONS) out.put(r, counts.get(r.ordinal()));
        return Collections.unmodifiableMap(out);
    }

    private static String describe(String streamId) {
        if (streamId.isEmpty()) return " (no stream id)";
        try {
            return " (stream id " + UUID.fromString(streamId) + ")";
        } catch (IllegalArgumentException notAnEventId) {
            return " (a stream id of " + streamId.length() + " characters that is not an event id)";
        }
    }
}
