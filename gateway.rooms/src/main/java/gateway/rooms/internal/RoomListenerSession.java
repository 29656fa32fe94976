package gateway.rooms.internal;

import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.webrtc.WebRtcPlayback;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A participant listening to one track of its room over WHEP: the playback ends when the participant is unsubscribed
 * from the track, loses {@code canSubscribe} or leaves; the playback's end unsubscribes it and ends this session of
 * the participant (it leaves the room when this was its last session).
 */
final class RoomListenerSession implements RoomListener, WebRtcPlayback.Listener {
    final String room;
    final String identity;
    final String trackSid;
    private final RoomService rooms;
    private final Consumer<RoomListenerSession> gone;
    /** This session of the participant: closing it makes the participant leave when it was its last session. */
    volatile RoomService.Registration registration;
    private volatile WebRtcPlayback.Playback playback;
    private volatile boolean ended;
    /** Whether the session's own subscription to its track is made; what is told before is about the others. */
    private volatile boolean subscribed;

    RoomListenerSession(String room, String identity, String trackSid, RoomService rooms, Consumer<RoomListenerSession> gone) {
        this.room = room;
        this.identity = identity;
        this.trackSid = trackSid;
        this.rooms = rooms;
        this.gone = gone;
    }

    /** The participant is subscribed to the track for this session: from now on losing the subscription ends it. */
    void subscribed() {
        subscribed = true;
    }

    void playing(WebRtcPlayback.Playback playback) {
        this.playback = playback;
        if (ended) playback.end("the participant's session ended while its offer was answered");
    }

    WebRtcPlayback.Playback playback() {
        return playback;
    }

    void stop(String reason) {
        ended = true;
        WebRtcPlayback.Playback p = playback;
        if (p != null) p.end(reason);
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
        // A participant's sessions change its subscriptions concurrently (two WHEP listeners of one identity joining
        // together) and each change is told to every session with the set as that change left it: a session joining
        // hears the others' changes before its own subscription is made, and may hear an older set after it. Only the
        // room's current subscriptions end it.
        if (!subscribed || subscribedTo.contains(trackSid) || stillSubscribed()) return;
        stop("the participant was unsubscribed from track " + trackSid);
    }

    private boolean stillSubscribed() {
        try {
            return rooms.participant(room, identity).subscribedTo().contains(trackSid);
        } catch (RuntimeException gone) {
            return false; // the room or the participant is gone
        }
    }

    /** The playback ended: the subscription and this session of the participant end with it. */
    @Override
    public void ended(String cause, String reason) {
        ended = true;
        try {
            rooms.subscribe(room, identity, List.of(trackSid), false);
        } catch (RuntimeException goneAlready) {
            // the room, the participant or the track is gone: nothing to unsubscribe
        }
        RoomService.Registration r = registration;
        if (r != null) r.close();
        gone.accept(this);
    }
}
