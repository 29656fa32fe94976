package gateway.rooms.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.TrackInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One participant of a {@link Room}; guarded by its room's lock. */
final class Participant {
    final String sid = Sids.participant();
    final String identity;
    final long joinedAtMs;
    final ParticipantInfo.Kind kind;
    /** The session it joined with; the next session takes its place when it closes (see {@link Room#detach}). */
    RoomListener listener;
    String name;
    String metadata;
    ParticipantPermission permission;
    final Map<String, TrackInfo> tracks = new LinkedHashMap<>();
    final Set<String> subscribedTo = new LinkedHashSet<>();
    /** Further sessions of the participant (its data feed), beside the one it joined with. */
    final List<RoomListener> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The last messages sent to it, for a data feed that reconnects; at most {@link #KEPT_MESSAGES}. */
    final java.util.ArrayDeque<gateway.api.rooms.DataMessage> kept = new java.util.ArrayDeque<>();
    /** Messages kept per participant. */
    static final int KEPT_MESSAGES = 256;

    void keep(gateway.api.rooms.DataMessage m) {
        if (kept.size() == KEPT_MESSAGES) kept.removeFirst();
        kept.addLast(m);
    }

    /** @return every listener of the participant: the one it joined with first */
    List<RoomListener> listeners() {
        List<RoomListener> all = new ArrayList<>(1 + sessions.size());
        all.add(listener);
        all.addAll(sessions);
        return all;
    }

    Participant(String identity, String name, String metadata, ParticipantPermission permission, ParticipantInfo.Kind kind, RoomListener listener,
                long now) {
        this.identity = identity;
        this.kind = kind;
        this.name = name == null ? "" : name;
        this.metadata = metadata == null ? "" : metadata;
        this.permission = permission;
        this.listener = listener;
        this.joinedAtMs = now;
    }

    ParticipantInfo info() {
        ParticipantInfo.State state = tracks.isEmpty() && subscribedTo.isEmpty() ? ParticipantInfo.State.JOINED : ParticipantInfo.State.ACTIVE;
        return new ParticipantInfo(sid, identity, name, metadata, state, joinedAtMs, permission, List.copyOf(new ArrayList<>(tracks.values())),
                Set.copyOf(subscribedTo), kind);
    }
}
