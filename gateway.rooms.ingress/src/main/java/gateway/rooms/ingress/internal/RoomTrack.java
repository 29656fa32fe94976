package gateway.rooms.ingress.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;

/**
 * An ingress's participant in its room: it joins as the ingress's identity (publish-only, as LiveKit's ingress
 * participants are), publishes the input's live stream as its one track, and turns the room's decisions (removal,
 * a revoked {@code canPublish}, a mute) into calls on the input.
 */
final class RoomTrack implements RoomListener {
    private static final ParticipantPermission PUBLISH_ONLY = new ParticipantPermission(false, true, false, false, false);
    private final RoomService rooms;
    private final Ingress.Participant who;
    private final IngressInputSession input;
    private volatile RoomService.Registration registration;
    private volatile String trackSid;

    RoomTrack(RoomService rooms, Ingress.Participant who, IngressInputSession input) {
        this.rooms = rooms;
        this.who = who;
        this.input = input;
    }

    /** @return the participant, in the room now (the room is created if it does not exist) */
    ParticipantInfo join() {
        registration = rooms.attach(who.room(), who.identity(), who.name(), who.metadata(), PUBLISH_ONLY, ParticipantInfo.Kind.INGRESS, this);
        return rooms.participant(who.room(), who.identity());
    }

    /** @return the room's sid, empty if it is gone */
    String roomSid() {
        return rooms.room(who.room()).map(RoomInfo::sid).orElse("");
    }

    /** @return the track, published in the room now */
    TrackInfo publish(String stream) {
        TrackInfo t = rooms.publish(who.room(), who.identity(), "ingress", "audio/opus", stream);
        trackSid = t.sid();
        return t;
    }

    /** The input ended: its track leaves the room, and the participant with it. Idempotent. */
    void leave() {
        String t = trackSid;
        trackSid = null;
        if (t != null) {
            try {
                rooms.unpublish(who.room(), who.identity(), t);
            } catch (RuntimeException gone) {
                // the participant or the room is gone already
            }
        }
        RoomService.Registration r = registration;
        registration = null;
        if (r != null) r.close();
    }

    @Override
    public void data(String topic, byte[] payload, boolean fromServer) {
        // an ingress has nothing to receive data on
    }

    @Override
    public void ended(String reason) {
        input.stop("the participant left the room: " + reason);
    }

    @Override
    public void permissionChanged(ParticipantPermission permission) {
        if (!permission.canPublish()) input.stop("the participant's canPublish permission was revoked");
    }

    @Override
    public void trackMuted(String sid, boolean muted) {
        if (sid.equals(trackSid)) input.mute(muted);
    }
}
