package gateway.callstream.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The forks that want a call's outbound track, by call id. */
final class OutboundForks {
    private final Map<String, Set<Fork>> byCall = new ConcurrentHashMap<>();

    void add(Fork f) {
        byCall.computeIfAbsent(f.callId, id -> ConcurrentHashMap.newKeySet()).add(f);
    }

    void remove(Fork f) {
        byCall.computeIfPresent(f.callId, (id, set) -> {
            set.remove(f);
            return set.isEmpty() ? null : set;
        });
    }

    List<Fork> of(String callId) {
        Set<Fork> set = byCall.get(callId);
        return set == null ? List.of() : List.copyOf(set);
    }
}
