package gateway.callstream.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time clock of every reply stream: one thread ticks every 20 ms and lets each player send the frame
 * that is due, so reply audio is played at the rate it would be heard, not as fast as the service sends it.
 */
final class Pacer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);
    static final long TICK_NANOS = 20_000_000;

    private final Set<ReplyPlayer> players = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("callstream-pacer").daemon().factory());

    Pacer() {
        clock.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    void add(ReplyPlayer player) {
        players.add(player);
    }

    void remove(ReplyPlayer player) {
        players.remove(player);
    }

    private void tick() {
        long now = System.nanoTime();
        for (ReplyPlayer p : players) {
            if (p.ended()) {
                players.remove(p);
                continue;
            }
            try {
                p.tick(now);
            } catch (RuntimeException e) {
                // one broken player must not stop the clock of the others
                LOG.warn("Reply stream {} failed: {}", p, e.toString(), e);
                players.remove(p);
                p.fail("reply playback failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
