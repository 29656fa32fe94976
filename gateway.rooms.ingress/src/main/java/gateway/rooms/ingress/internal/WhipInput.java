package gateway.rooms.ingress.internal;

import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.TrackInfo;
import gateway.api.webrtc.WebRtcPublishing;
import gateway.rooms.ingress.internal.Ingress.Participant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WHIP push to an ingress: the participant joins, the offer is answered on the gateway's WebRTC transport, the
 * publisher's Opus packets (untouched) are the participant's track. The ingress is publishing once the peer
 * connected; the session's end (DELETE, timeout, the room's decision) ends the participant's stay.
 */
final class WhipInput implements IngressInputSession, WebRtcPublishing.Listener {
    private final Ingress ingress;
    private final IngressDirectory directory;
    private volatile RoomTrack roomTrack;
    private volatile WebRtcPublishing.Publication publication;
    private volatile TrackInfo track;
    private volatile String stopped;
    private final java.util.function.Consumer<WhipInput> gone;
    private volatile boolean ended;

    WhipInput(Ingress ingress, IngressDirectory directory, java.util.function.Consumer<WhipInput> gone) {
        this.ingress = ingress;
        this.directory = directory;
        this.gone = gone;
    }

    /** @return whether the session has ended */
    boolean ended() {
        return ended;
    }

    /**
     * @return the publication, answered; null when the ingress does not take a push now (disabled, or busy)
     * @throws RuntimeException from the room (full) or the transport (an unusable offer); the ingress is free again
     */
    WebRtcPublishing.Publication start(WebRtcPublishing webrtc, String offer) {
        Participant who = ingress.begin(this);
        if (who == null) return null;
        directory.changed(ingress);
        try {
            roomTrack = new RoomTrack(directory.rooms(), who, this);
            ParticipantInfo joined = roomTrack.join();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("name", who.identity() + " in " + who.room());
            metadata.put("ingress", ingress.id);
            metadata.put("room", who.room());
            metadata.put("roomSid", roomTrack.roomSid());
            metadata.put("participant", who.identity());
            metadata.put("participantSid", joined.sid());
            WebRtcPublishing.Publication p = webrtc.publish(offer, metadata, this);
            publication = p;
            track = roomTrack.publish(p.streamId());
            p.updateMetadata(Map.of("track", track.sid()));
            if (stopped != null) p.end("removed", stopped);
            return p;
        } catch (RuntimeException e) {
            WebRtcPublishing.Publication p = publication;
            if (p != null) p.end("refused", e.getMessage());
            else finish(true, "the WHIP offer was refused: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void connected() {
        WebRtcPublishing.Publication p = publication;
        if (p == null || track == null) return;
        ingress.publishing(roomTrack.roomSid(), p.streamId(), track);
        directory.started(ingress);
    }

    @Override
    public void stop(String reason) {
        if (stopped == null) stopped = reason;
        WebRtcPublishing.Publication p = publication;
        if (p != null) p.end("removed", reason);
    }

    @Override
    public void mute(boolean muted) {
        WebRtcPublishing.Publication p = publication;
        if (p != null) p.mute(muted);
    }

    @Override
    public void ended(String cause, String reason) {
        boolean failed = "timeout".equals(cause) || "refused".equals(cause);
        finish(failed, stopped != null ? stopped : reason);
    }

    private void finish(boolean failed, String why) {
        if (ended) return;
        ended = true;
        RoomTrack t = roomTrack;
        if (t != null) t.leave();
        directory.ended(ingress, this, failed, why);
        gone.accept(this);
    }

    /** @return the live stream's id, or null before the offer was answered */
    String streamId() {
        WebRtcPublishing.Publication p = publication;
        return p == null ? null : p.streamId();
    }

    /** Ends the session at the pusher's request (WHIP DELETE). */
    void delete() {
        WebRtcPublishing.Publication p = publication;
        if (p != null) p.end("deleted", "the publisher ended the WHIP session (DELETE)");
    }
}
