package gateway.sessions.internal;

import java.util.ArrayDeque;

/**
 * The original's rate limits of one token: task reads and updates once per 2 s, pause and end once per 3 s,
 * 20 control connections per minute. Times are in nanoseconds of {@link System#nanoTime()}.
 */
final class RateLimits {
    static final long TASK_NANOS = 2_000_000_000L;
    static final long CONTROL_NANOS = 3_000_000_000L;
    static final int CONNECTIONS_PER_MINUTE = 20;
    private static final long MINUTE = 60_000_000_000L;

    private long lastTask = Long.MIN_VALUE / 2;
    private long lastControl = Long.MIN_VALUE / 2;
    private final ArrayDeque<Long> connections = new ArrayDeque<>();

    /** @return whether a {@code set_task} or {@code get_task} may go through now (and counts it if so) */
    synchronized boolean task(long now) {
        if (now - lastTask < TASK_NANOS) return false;
        lastTask = now;
        return true;
    }

    /** @return whether a {@code pause_task} or {@code end_task} may go through now (and counts it if so) */
    synchronized boolean control(long now) {
        if (now - lastControl < CONTROL_NANOS) return false;
        lastControl = now;
        return true;
    }

    /** @return whether another connection may open now (and counts it if so) */
    synchronized boolean connect(long now) {
        while (!connections.isEmpty() && now - connections.peekFirst() >= MINUTE) connections.pollFirst();
        if (connections.size() >= CONNECTIONS_PER_MINUTE) return false;
        connections.addLast(now);
        return true;
    }
}
