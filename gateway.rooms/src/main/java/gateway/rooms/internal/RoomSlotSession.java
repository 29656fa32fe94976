package gateway.rooms.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;
import gateway.api.webrtc.WebRtcPlayback;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A participant hearing its subscribed tracks on one WHEP connection of several slots (one per receive-only audio
 * section of its offer). The tracks to play are those it is subscribed to that another participant publishes, unmuted,
 * in the order the room lists them (the first published first); a slot keeps its track while it is wanted, a track
 * that is no longer wanted frees its slot, and free slots take the wanted tracks without one. The participant is
 * subscribed to every track others publish when it connects and when one is published later (LiveKit's
 * auto-subscribe); a track it was unsubscribed from stays unsubscribed unless it is subscribed again.
 *
 * <p>Threading: the room's callbacks come on the threads of the operations that cause them, a slot's end on a
 * transport thread (handled on another, since it may attach to a stream); the assignment is computed and applied
 * under this object's lock, the room's state read before it.
 */
final class RoomSlotSession implements RoomListener, WebRtcPlayback.SlotListener {
    final String room;
    final String identity;
    private final RoomService rooms;
    private final Consumer<RoomSlotSession> gone;
    /** This session of the participant: closing it makes the participant leave when it was its last session. */
    volatile RoomService.Registration registration;
    private volatile WebRtcPlayback.SlotPlayback playback;
    private volatile boolean ended;
    /** The tracks seen published, so a track is auto-subscribed once, not again after an unsubscribe. */
    private final Set<String> seen = new HashSet<>();
    /** Each slot's track sid, or null. */
    private String[] assigned = new String[0];
    /** Each slot's stream, or null. */
    private String[] streams = new String[0];

    RoomSlotSession(String room, String identity, RoomService rooms, Consumer<RoomSlotSession> gone) {
        this.room = room;
        this.identity = identity;
        this.rooms = rooms;
        this.gone = gone;
    }

    void playing(WebRtcPlayback.SlotPlayback playback) {
        synchronized (this) {
            assigned = new String[playback.slots()];
            streams = new String[assigned.length];
        }
        this.playback = playback;
        if (ended) {
            playback.end("the participant's session ended while its offer was answered");
            return;
        }
        subscribeNew();
        assign();
    }

    void stop(String reason) {
        ended = true;
        WebRtcPlayback.SlotPlayback p = playback;
        if (p != null) p.end(reason);
    }

    /** Subscribes the participant to the tracks others publish that it has not seen yet. */
    private void subscribeNew() {
        List<String> fresh = new ArrayList<>();
        try {
            for (ParticipantInfo p : rooms.participants(room)) {
                if (p.identity().equals(identity)) continue;
                for (TrackInfo t : p.tracks()) {
                    synchronized (this) {
                        if (seen.add(t.sid())) fresh.add(t.sid());
                    }
                }
            }
            if (!fresh.isEmpty()) rooms.subscribe(room, identity, fresh, true);
        } catch (RoomException goneOrNotAllowed) {
            // the room or the participant is gone (this session ends), or a track went meanwhile: the next change looks again
        }
    }

    /** Puts the wanted tracks into slots: kept where they are, the others into the free slots in order. */
    private void assign() {
        WebRtcPlayback.SlotPlayback p = playback;
        if (p == null || ended) return;
        Map<String, String> wanted = new LinkedHashMap<>(); // track sid -> stream
        try {
            Set<String> subscribed = rooms.participant(room, identity).subscribedTo();
            for (ParticipantInfo other : rooms.participants(room)) {
                if (other.identity().equals(identity)) continue;
                for (TrackInfo t : other.tracks()) {
                    if (subscribed.contains(t.sid()) && !t.muted() && t.stream() != null) wanted.put(t.sid(), t.stream());
                }
            }
        } catch (RoomException gone) {
            return; // the room or the participant is gone: this session is ending
        }
        synchronized (this) {
            for (int i = 0; i < assigned.length; i++) {
                if (assigned[i] != null && !wanted.containsKey(assigned[i])) {
                    assigned[i] = null;
                    streams[i] = null;
                    p.clear(i);
                }
            }
            Set<String> playing = new HashSet<>();
            for (String a : assigned) if (a != null) playing.add(a);
            int slot = 0;
            for (Map.Entry<String, String> w : wanted.entrySet()) {
                if (playing.contains(w.getKey())) continue;
                while (slot < assigned.length && assigned[slot] != null) slot++;
                if (slot == assigned.length) break; // more tracks than slots: the later ones wait for a free slot
                if (p.play(slot, w.getValue())) {
                    assigned[slot] = w.getKey();
                    streams[slot] = w.getValue();
                }
            }
        }
    }

    @Override
    public void data(String topic, byte[] payload, boolean fromServer) {
        // a WHEP listener has no channel for data; the participant's data feed is /rtc/room/data
    }

    @Override
    public void ended(String reason) {
        stop(reason);
    }

    @Override
    public void permissionChanged(ParticipantPermission permission) {
        if (!permission.canSubscribe()) stop("the participant's canSubscribe permission was revoked");
    }

    @Override
    public void subscriptionsChanged(Set<String> subscribedTo) {
        assign();
    }

    @Override
    public void roomTracksChanged() {
        subscribeNew();
        assign();
    }

    /** A slot's stream ended (its track is going): the slot is free for another track, assigned off the transport's thread. */
    @Override
    public void slotEnded(int slot, String streamId, String reason) {
        CompletableFuture.runAsync(() -> {
            synchronized (this) {
                if (slot < assigned.length && streamId.equals(streams[slot])) {
                    assigned[slot] = null;
                    streams[slot] = null;
                }
            }
            assign();
        });
    }

    /** The connection ended: this session of the participant ends with it. */
    @Override
    public void ended(String cause, String reason) {
        ended = true;
        RoomService.Registration r = registration;
        if (r != null) r.close();
        gone.accept(this);
    }
}
