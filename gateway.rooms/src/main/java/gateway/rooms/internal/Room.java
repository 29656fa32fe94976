package gateway.rooms.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.ParticipantUpdate;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.TrackInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room: its settings and participants. Every method holds the room's lock; listeners are never called under
 * it — methods return the calls to make as {@link Runnable}s (a listener may call back into the service).
 */
final class Room {
    final String sid = Sids.room();
    final String name;
    final int emptyTimeout;
    final int departureTimeout;
    final int maxParticipants;
    final long creationTimeMs;
    private String metadata;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    /** When the room became empty (its creation, or the last participant leaving). */
    private long emptySinceMs;
    private boolean everJoined;

    Room(String name, int emptyTimeout, int departureTimeout, int maxParticipants, String metadata, long now) {
        this.name = name;
        this.emptyTimeout = emptyTimeout;
        this.departureTimeout = departureTimeout;
        this.maxParticipants = maxParticipants;
        this.metadata = metadata;
        this.creationTimeMs = now;
        this.emptySinceMs = now;
    }

    synchronized RoomInfo info() {
        int publishers = (int) participants.values().stream().filter(p -> !p.tracks.isEmpty()).count();
        return new RoomInfo(sid, name, emptyTimeout, departureTimeout, maxParticipants, creationTimeMs, metadata, participants.size(), publishers);
    }

    synchronized RoomInfo metadata(String metadata) {
        this.metadata = metadata;
        return info();
    }

    /** @return whether the room has been empty for longer than its timeout at {@code now} */
    synchronized boolean expired(long now) {
        if (!participants.isEmpty()) return false;
        long timeout = (everJoined ? departureTimeout : emptyTimeout) * 1000L;
        return now - emptySinceMs >= timeout;
    }

    /** Admits a participant; returns it and the listener call that ends a replaced one (or null). */
    synchronized Joined join(String identity, String name, String metadata, ParticipantPermission permission, ParticipantInfo.Kind kind,
                             RoomListener listener, long now) {
        Participant replaced = participants.remove(identity);
        if (replaced == null && maxParticipants > 0 && participants.size() >= maxParticipants) {
            throw new RoomException(RoomException.Reason.ROOM_FULL, "room '" + this.name + "' has its " + maxParticipants + " participants already");
        }
        if (replaced != null) dropTracks(replaced);
        Participant p = new Participant(identity, name, metadata, permission, kind, listener, now);
        participants.put(identity, p);
        everJoined = true;
        return new Joined(p.info(), replaced == null ? null : () -> replaced.listeners().forEach(l -> l.ended("the identity joined again in another session")),
                replaced == null ? null : replaced.info());
    }

    record Joined(ParticipantInfo participant, Runnable endReplaced, ParticipantInfo replaced) {}

    /** Adds a session to the participant of that identity, or joins it with the session; returns null when it was there. */
    synchronized Joined attach(String identity, String name, String metadata, ParticipantPermission permission, ParticipantInfo.Kind kind,
                               RoomListener listener, long now) {
        Participant p = participants.get(identity);
        if (p != null) {
            p.sessions.add(listener);
            return null;
        }
        return join(identity, name, metadata, permission, kind, listener, now);
    }

    /** Removes the participant of that sid; returns it or null. */
    synchronized Participant leave(String participantSid, long now) {
        for (Participant p : participants.values()) {
            if (p.sid.equals(participantSid)) return removeParticipant(p, now);
        }
        return null;
    }

    synchronized Participant remove(String identity, long now) {
        return removeParticipant(find(identity), now);
    }

    private Participant removeParticipant(Participant p, long now) {
        participants.remove(p.identity);
        dropTracks(p);
        if (participants.isEmpty()) emptySinceMs = now;
        return p;
    }

    /** A participant's tracks are gone: nobody stays subscribed to them. */
    private void dropTracks(Participant gone) {
        for (Participant other : participants.values()) other.subscribedTo.removeAll(gone.tracks.keySet());
    }

    synchronized List<Participant> clear() {
        List<Participant> all = new ArrayList<>(participants.values());
        participants.clear();
        return all;
    }

    synchronized List<ParticipantInfo> participants() {
        return participants.values().stream().map(Participant::info).toList();
    }

    synchronized ParticipantInfo participant(String identity) {
        return find(identity).info();
    }

    /** Applies an update; returns the participant and the listener call for a permission change (or null). */
    synchronized Updated update(String identity, ParticipantUpdate update) {
        Participant p = find(identity);
        if (update.name() != null) p.name = update.name();
        if (update.metadata() != null) p.metadata = update.metadata();
        Runnable notify = null;
        if (update.permission() != null && !update.permission().equals(p.permission)) {
            p.permission = update.permission();
            if (!p.permission.canPublish()) {
                // revoking canPublish ends publishing: its tracks leave the room
                dropTracks(p);
                p.tracks.clear();
            }
            if (!p.permission.canSubscribe()) p.subscribedTo.clear();
            ParticipantPermission now = p.permission;
            List<RoomListener> to = p.listeners();
            notify = () -> to.forEach(l -> l.permissionChanged(now));
        }
        return new Updated(p.info(), notify);
    }

    record Updated(ParticipantInfo participant, Runnable permissionNotice) {}

    synchronized TrackInfo publish(String identity, String name, String mimeType, String stream) {
        Participant p = find(identity);
        if (!p.permission.canPublish()) {
            throw new RoomException(RoomException.Reason.NOT_ALLOWED, "participant '" + identity + "' may not publish in room '" + this.name + "'");
        }
        TrackInfo t = new TrackInfo(Sids.track(), name == null ? "" : name, mimeType, false, stream);
        p.tracks.put(t.sid(), t);
        return t;
    }

    /** @return the track removed, or null when it was gone */
    synchronized TrackInfo unpublish(String identity, String trackSid) {
        Participant p = participants.get(identity);
        TrackInfo t = p == null ? null : p.tracks.remove(trackSid);
        if (t == null) return null;
        for (Participant other : participants.values()) other.subscribedTo.remove(trackSid);
        return t;
    }

    synchronized ParticipantInfo participantOrNull(String identity) {
        Participant p = participants.get(identity);
        return p == null ? null : p.info();
    }

    synchronized TrackInfo mute(String identity, String trackSid, boolean muted) {
        Participant p = find(identity);
        TrackInfo t = p.tracks.get(trackSid);
        if (t == null) {
            throw new RoomException(RoomException.Reason.TRACK_NOT_FOUND, "participant '" + identity + "' publishes no track '" + trackSid + "' in room '" + name + "'");
        }
        TrackInfo changed = new TrackInfo(t.sid(), t.name(), t.mimeType(), muted, t.stream());
        p.tracks.put(trackSid, changed);
        return changed;
    }

    synchronized ParticipantInfo subscribe(String identity, Collection<String> trackSids, boolean subscribe) {
        Participant p = find(identity);
        if (subscribe) {
            if (!p.permission.canSubscribe()) {
                throw new RoomException(RoomException.Reason.NOT_ALLOWED, "participant '" + identity + "' may not subscribe in room '" + name + "'");
            }
            for (String sid : trackSids) {
                boolean published = participants.values().stream().anyMatch(o -> o != p && o.tracks.containsKey(sid));
                if (!published) {
                    throw new RoomException(RoomException.Reason.TRACK_NOT_FOUND, "no other participant publishes a track '" + sid + "' in room '" + name + "'");
                }
            }
            p.subscribedTo.addAll(trackSids);
        } else {
            p.subscribedTo.removeAll(trackSids);
        }
        return p.info();
    }

    /** Keeps the message for each recipient; @return the listeners of the recipients */
    synchronized List<RoomListener> deliver(Collection<String> identities, java.util.function.LongFunction<gateway.api.rooms.DataMessage> withId,
                                            java.util.function.LongSupplier ids, gateway.api.rooms.DataMessage[] made) {
        // the id is drawn under the room's lock, so a participant's kept messages are in the order of their ids
        gateway.api.rooms.DataMessage message = withId.apply(ids.getAsLong());
        made[0] = message;
        List<RoomListener> to = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (identities.isEmpty() || identities.contains(p.identity)) {
                p.keep(message);
                to.addAll(p.listeners());
            }
        }
        return to;
    }

    /** @return the messages kept for the participant with an id above {@code afterId}; empty when it is gone */
    synchronized List<gateway.api.rooms.DataMessage> dataSince(String identity, long afterId) {
        Participant p = participants.get(identity);
        if (p == null) return List.of();
        return p.kept.stream().filter(m -> m.id() > afterId).toList();
    }

    /** @return the listeners of the recipients */
    synchronized List<RoomListener> recipients(Collection<String> identities) {
        List<RoomListener> to = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (identities.isEmpty() || identities.contains(p.identity)) to.addAll(p.listeners());
        }
        return to;
    }

    /** @return the listeners of the participant; empty when it is gone */
    synchronized List<RoomListener> listeners(String identity) {
        Participant p = participants.get(identity);
        return p == null ? List.of() : p.listeners();
    }

    /** Adds a session to the participant; returns the participant it was added to. */
    synchronized Participant addSession(String identity, RoomListener listener) {
        Participant p = find(identity);
        p.sessions.add(listener);
        return p;
    }

    /**
     * Removes a session of the participant.
     *
     * @return the participant when that was its last session (the caller makes it leave), else null
     */
    synchronized Participant detach(String identity, RoomListener session) {
        Participant p = participants.get(identity);
        if (p == null || p.sessions.remove(session) || p.listener != session) return null;
        if (p.sessions.isEmpty()) return p;
        p.listener = p.sessions.remove(0);
        return null;
    }

    private Participant find(String identity) {
        Participant p = participants.get(identity);
        if (p == null) {
            throw new RoomException(RoomException.Reason.PARTICIPANT_NOT_FOUND, "no participant '" + identity + "' in room '" + name + "'");
        }
        return p;
    }
}
