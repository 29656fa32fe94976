package gateway.core.internal.metrics;

import gateway.api.stream.LiveStream;
import gateway.api.stream.StreamCounters;
import gateway.api.stream.StreamState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the streams of each origin have carried since the gateway started: streams opened and ended,
 * packets and bytes. A stream's counters vanish with the stream a minute after it ends, so the totals
 * are kept here, fed by repeated looks at the registry: each look adds what every stream carried since
 * the previous one. The totals never go down, as Prometheus counters must not.
 *
 * <p>Not thread-safe: the caller serialises {@link #observe} and the reads.
 */
final class OriginTotals {

    /** Running figures of one origin. */
    static final class Figures {
        long opened;
        long ended;
        long failed;
        long packets;
        long bytes;
        /** Streams of this origin in the last look, by state (starting, live); terminal ones are not counted. */
        final Map<StreamState, Integer> current = new TreeMap<>();
    }

    /** What the previous looks saw of one stream. */
    private static final class Seen {
        long packets;
        long bytes;
        boolean terminal;
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Figures> origins = new TreeMap<>();

    /**
     * Adds what the listed streams carried since the previous look, and forgets streams the registry no
     * longer lists. The list must be taken after the previous call's list: a stream the registry has dropped
     * never comes back, so a stream absent here is gone for good.
     *
     * @param streams every stream in the registry now, ended ones included
     */
    void observe(List<LiveStream> streams) {
        origins.values().forEach(f -> f.current.clear());
        Set<String> listed = new HashSet<>(streams.size() * 2);
        for (LiveStream s : streams) {
            listed.add(s.id());
            // The state first: once it is terminal the counters that follow are final.
            StreamState state = s.state();
            StreamCounters c = s.counters();
            Figures f = origins.computeIfAbsent(s.origin(), o -> new Figures());
            Seen before = seen.get(s.id());
            if (before == null) {
                before = new Seen();
                seen.put(s.id(), before);
                f.opened++;
            }
            f.packets += Math.max(0, c.packets() - before.packets);
            f.bytes += Math.max(0, c.bytes() - before.bytes);
            before.packets = Math.max(before.packets, c.packets());
            before.bytes = Math.max(before.bytes, c.bytes());
            if (state.isTerminal()) {
                if (!before.terminal) {
                    before.terminal = true;
                    if (state == StreamState.FAILED) f.failed++; else f.ended++;
                }
            } else {
                f.current.merge(state, 1, Integer::sum);
            }
        }
        seen.keySet().retainAll(listed);
    }

    /** @return the figures by origin, in origin order; origins seen once stay, so their series never vanish */
    Map<String, Figures> byOrigin() {
        return origins;
    }

    /** @return how many streams the next look compares against (bounded by the registry's own size) */
    int tracked() {
        return seen.size();
    }
}
