package gateway.core.internal.metrics;

import gateway.api.stream.AttachmentInfo;
import gateway.api.stream.AttachmentState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each media handler has been given since the gateway started: packets delivered and dropped,
 * sessions that failed, and how many live streams it is attached to now. Like {@link OriginTotals} it is fed
 * by repeated looks at the registry (the attachment lists of every stream it holds, ended ones included) and
 * keeps totals that never go down, although attachments come and go.
 *
 * <p>Each attachment is told apart by its {@link AttachmentInfo#id() id}: a handler that re-attaches under
 * the same name (its bundle was updated) is a new attachment counted from zero. An ended stream keeps its
 * attachments, with their final counters, as long as the registry keeps the stream, so what a session
 * received after the previous look is counted as long as a look comes within that time.
 *
 * <p>Not thread-safe: the caller serialises a round of {@link #begin}, {@link #observe} calls and
 * {@link #end}, and the reads.
 */
final class HandlerTotals {

    /** Running figures of one handler. */
    static final class Figures {
        long delivered;
        long dropped;
        long failures;
        /** Attachments of live streams, attaching or attached, in the last look. */
        int attached;
    }

    /** What the previous looks saw of one attachment. */
    private static final class Seen {
        long delivered;
        long dropped;
        boolean failed;
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, Figures> handlers = new TreeMap<>();
    private final Set<String> listed = new HashSet<>();

    /** Starts a look at every stream. */
    void begin() {
        listed.clear();
        handlers.values().forEach(f -> f.attached = 0);
    }

    /**
     * Adds what one stream's attachments received since the previous look.
     *
     * @param streamId    the stream
     * @param ended       whether the stream has ended (its attachments count as attached to no live stream)
     * @param attachments its attachments now
     */
    void observe(String streamId, boolean ended, List<AttachmentInfo> attachments) {
        Map<String, Integer> occurrence = null;
        for (AttachmentInfo a : attachments) {
            String key = a.id();
            if (key == null) { // a snapshot without an id: the n-th attachment of a name on the stream
                if (occurrence == null) occurrence = new HashMap<>(4);
                key = streamId + '\n' + a.handler() + '\n' + occurrence.merge(a.handler(), 1, Integer::sum);
            }
            listed.add(key);
            Figures f = handlers.computeIfAbsent(a.handler(), h -> new Figures());
            if (!ended && (a.state() == AttachmentState.ATTACHED || a.state() == AttachmentState.ATTACHING)) f.attached++;
            Seen before = seen.computeIfAbsent(key, k -> new Seen());
            // an attachment's counters only grow; max() keeps a stale snapshot from counting anything twice
            f.delivered += Math.max(0, a.delivered() - before.delivered);
            f.dropped += Math.max(0, a.dropped() - before.dropped);
            before.delivered = Math.max(before.delivered, a.delivered());
            before.dropped = Math.max(before.dropped, a.dropped());
            if (a.failed() && !before.failed) {
                before.failed = true;
                f.failures++;
            }
        }
    }

    /** Ends a look: attachments not seen in it have gone. */
    void end() {
        seen.keySet().retainAll(listed);
    }

    /** @return the figures by handler name, in name order; handlers seen once stay */
    Map<String, Figures> byHandler() {
        return handlers;
    }

    /** @return how many attachments the next look compares against (bounded by the registry's own size) */
    int tracked() {
        return seen.size();
    }
}
