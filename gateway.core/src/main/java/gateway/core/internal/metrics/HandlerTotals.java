package gateway.core.internal.metrics;

import gateway.api.stream.AttachmentInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each media handler has been given since the gateway started: packets delivered and dropped,
 * sessions that failed, and how many streams it is attached to now. Like {@link OriginTotals} it is fed by
 * repeated looks at the registry (the attachment lists of the live streams) and keeps totals that never go
 * down, although attachments come and go.
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
        /** Attachments in the last look. */
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

    /** Starts a look at every live stream. */
    void begin() {
        listed.clear();
        handlers.values().forEach(f -> f.attached = 0);
    }

    /**
     * Adds what one stream's attachments received since the previous look.
     *
     * @param streamId    the stream
     * @param attachments its attachments now
     */
    void observe(String streamId, List<AttachmentInfo> attachments) {
        Map<String, Integer> occurrence = new HashMap<>(4);
        for (AttachmentInfo a : attachments) {
            // A stream holds at most one attachment per whiteboard handler, but a requested attachment may
            // carry the same name: the n-th of a name is told apart by n.
            int n = occurrence.merge(a.handler(), 1, Integer::sum);
            String key = streamId + '\n' + a.handler() + '\n' + n;
            listed.add(key);
            Figures f = handlers.computeIfAbsent(a.handler(), h -> new Figures());
            f.attached++;
            Seen before = seen.computeIfAbsent(key, k -> new Seen());
            if (a.delivered() < before.delivered || a.dropped() < before.dropped) {
                before = new Seen(); // the handler came back (its bundle was updated): a new attachment
                seen.put(key, before);
            }
            f.delivered += a.delivered() - before.delivered;
            f.dropped += a.dropped() - before.dropped;
            before.delivered = a.delivered();
            before.dropped = a.dropped();
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
}
