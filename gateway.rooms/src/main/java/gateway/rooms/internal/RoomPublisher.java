package gateway.rooms.internal;

import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.webrtc.WebRtcPublishing;
import java.util.function.Consumer;

/**
 * A participant that joined a room by publishing over WHIP: the room's decisions (removal, a revoked
 * {@code canPublish}, an administrator's mute) act on its WebRTC publication, and the publication's end takes the
 * participant's session out of the room (the participant leaves with its last session).
 */
final class RoomPublisher implements RoomListener, WebRtcPublishing.Listener {
    final String room;
    final String identity;
    private final RoomService rooms;
    private final Consumer<RoomPublisher> gone;
    /** This session of the participant: closing it makes the participant leave when it was its last session. */
    volatile RoomService.Registration registration;
    volatile String trackSid;
    private volatile WebRtcPublishing.Publication publication;
    private volatile boolean ended;

    RoomPublisher(String room, String identity, RoomService rooms, Consumer<RoomPublisher> gone) {
        this.room = room;
        this.identity = identity;
        this.rooms = rooms;
        this.gone = gone;
    }

    void publishing(WebRtcPublishing.Publication publication) {
        this.publication = publication;
        if (ended) publication.end("removed", "the participant left the room while its offer was answered");
    }

    WebRtcPublishing.Publication publication() {
        return publication;
    }

    @Override
    public void data(String topic, byte[] payload, boolean fromServer) {
        // a WHIP publisher has no channel to receive data on; the per-participant data feed is a separate session
    }

    @Override
    public void ended(String reason) {
        ended = true;
        WebRtcPublishing.Publication p = publication;
        if (p != null) p.end("removed", reason);
    }

    @Override
    public void permissionChanged(ParticipantPermission permission) {
        WebRtcPublishing.Publication p = publication;
        if (!permission.canPublish() && p != null) p.end("unpublished", "the participant's canPublish permission was revoked");
    }

    @Override
    public void trackMuted(String sid, boolean muted) {
        WebRtcPublishing.Publication p = publication;
        if (p != null && sid.equals(trackSid)) p.mute(muted);
    }

    /** The publication ended: the track leaves the room, and the participant with it. */
    @Override
    public void ended(String cause, String reason) {
        ended = true;
        String track = trackSid;
        if (track != null) rooms.unpublish(room, identity, track);
        RoomService.Registration r = registration;
        if (r != null) r.close();
        gone.accept(this);
    }
}
