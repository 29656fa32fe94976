package gateway.rooms.internal;

import gateway.api.rooms.IngressPush;
import gateway.api.rooms.IngressPushListener;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomListener;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;
import gateway.api.webrtc.WebRtcPublishing;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An encoder's WHIP push into an ingress, held by the rooms bundle so that it outlives an update of the ingress
 * plugin: the room's decisions (removal, a revoked {@code canPublish}, a mute) act on its WebRTC publication, the
 * publication's end takes the ingress's participant out of the room, and whoever follows the push now (the ingress
 * plugin's current revision, or nobody during its update) is told.
 */
final class IngressPusher implements RoomListener, WebRtcPublishing.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(IngressPusher.class);
    final IngressPushRequest who;
    /** The bundle whose listener started the push: its uninstallation ends the push. */
    final long owner;
    private final RoomService rooms;
    private final Consumer<IngressPusher> gone;
    volatile RoomService.Registration registration;
    private IngressPushListener listener;
    private WebRtcPublishing.Publication publication;
    private TrackInfo track;
    private String roomSid = "";
    private boolean connected;
    private boolean told;
    private boolean ended;
    private String endedWith;
    private final long startedAtMs = System.currentTimeMillis();

    IngressPusher(IngressPushRequest who, long owner, IngressPushListener listener, RoomService rooms, Consumer<IngressPusher> gone) {
        this.who = who;
        this.owner = owner;
        this.listener = listener;
        this.rooms = rooms;
        this.gone = gone;
    }

    /** The offer was answered and the track published: the push is complete (or ends at once when the room said so meanwhile). */
    IngressPush publishing(WebRtcPublishing.Publication p, TrackInfo t, String sid) {
        String endNow;
        IngressPush now;
        synchronized (this) {
            publication = p;
            track = t;
            roomSid = sid == null ? "" : sid;
            endNow = endedWith;
            now = snapshot();
        }
        if (endNow != null) p.end("removed", endNow);
        else if (now.connected()) tellConnected();
        return now;
    }

    synchronized IngressPush snapshot() {
        return new IngressPush(who.ingressId(), publication == null ? "" : publication.streamId(), publication == null ? "" : publication.answer(),
                roomSid, track, connected && track != null, startedAtMs);
    }

    /** @return the push now with {@code l} following it, or null when it has ended (then {@code l} is not kept) */
    synchronized IngressPush follow(IngressPushListener l) {
        if (ended || publication == null) return null;
        listener = l;
        if (connected) told = true; // the new listener reads it from the snapshot
        return snapshot();
    }

    /** Fails the push before it was answered: nobody is told, the participant leaves. */
    void refused(String reason) {
        synchronized (this) {
            listener = null;
            ended = true;
        }
        end("refused", reason);
    }

    /** Ends the push; its listener is told through {@link #ended(String, String)}. @return false when it had no publication to end */
    boolean end(String cause, String reason) {
        WebRtcPublishing.Publication p;
        synchronized (this) {
            p = publication;
            if (p == null && endedWith == null) endedWith = reason;
        }
        if (p != null) p.end(cause, reason);
        else leave();
        return p != null;
    }

    @Override
    public void data(String topic, byte[] payload, boolean fromServer) {
        // an ingress has nothing to receive data on
    }

    @Override
    public void ended(String reason) {
        end("removed", "the participant left the room: " + reason);
    }

    @Override
    public void permissionChanged(ParticipantPermission permission) {
        if (!permission.canPublish()) end("unpublished", "the participant's canPublish permission was revoked");
    }

    @Override
    public void trackMuted(String sid, boolean muted) {
        WebRtcPublishing.Publication p;
        synchronized (this) {
            p = track != null && sid.equals(track.sid()) ? publication : null;
        }
        if (p != null) p.mute(muted);
    }

    @Override
    public void connected() {
        boolean tell;
        synchronized (this) {
            connected = true;
            tell = track != null;
        }
        if (tell) tellConnected();
    }

    private void tellConnected() {
        IngressPushListener l;
        IngressPush now;
        synchronized (this) {
            if (told || ended) return;
            told = true;
            l = listener;
            now = snapshot();
        }
        if (l != null) {
            try {
                l.connected(now);
            } catch (RuntimeException e) {
                LOG.warn("The listener of ingress {}'s push failed: {}", who.ingressId(), e.toString());
            }
        }
    }

    /** The publication ended: the track leaves the room, the participant with it, and the follower is told. */
    @Override
    public void ended(String cause, String reason) {
        IngressPushListener l;
        synchronized (this) {
            l = listener;
            listener = null;
            ended = true;
        }
        leave();
        if (l != null) {
            try {
                l.ended(cause, reason);
            } catch (RuntimeException e) {
                LOG.warn("The listener of ingress {}'s push failed: {}", who.ingressId(), e.toString());
            }
        }
    }

    private void leave() {
        TrackInfo t;
        synchronized (this) {
            t = track;
            track = null;
        }
        RoomService.Registration r = registration;
        registration = null;
        IngressDeparture.leave(rooms, who, t, r);
        gone.accept(this);
    }
}
