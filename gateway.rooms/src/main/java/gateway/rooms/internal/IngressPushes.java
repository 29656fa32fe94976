package gateway.rooms.internal;

import gateway.api.http.ProblemException;
import gateway.api.rooms.IngressPush;
import gateway.api.rooms.IngressPushListener;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.TrackInfo;
import gateway.api.webrtc.WebRtcPublishing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The WHIP pushes into ingresses, by ingress id: the part of {@link ParticipantSessions} that keeps an encoder's
 * session running while the plugin that keeps the ingress is updated.
 */
final class IngressPushes {
    /** An ingress's participant publishes and subscribes to nothing, as LiveKit's ingress participants. */
    private static final ParticipantPermission PUBLISH_ONLY = new ParticipantPermission(false, true, false, false, false);
    private final RoomService rooms;
    private final WebRtcPublishing publishing;
    private final ToLongFunction<Object> ownerOf;
    private final Map<String, IngressPusher> pushes = new ConcurrentHashMap<>();

    /**
     * @param ownerOf the id of the bundle whose class a listener is (its uninstallation ends the pushes it started)
     */
    IngressPushes(RoomService rooms, WebRtcPublishing publishing, ToLongFunction<Object> ownerOf) {
        this.rooms = rooms;
        this.publishing = publishing;
        this.ownerOf = ownerOf;
    }

    IngressPush push(IngressPushRequest who, String offer, IngressPushListener listener) {
        if (who == null || blank(who.ingressId()) || blank(who.room()) || blank(who.identity()) || listener == null) {
            throw new IllegalArgumentException("an ingress push needs an ingress, a room, an identity and a listener");
        }
        IngressPusher pusher = new IngressPusher(who, ownerOf.applyAsLong(listener), listener, rooms, p -> pushes.remove(p.who.ingressId(), p));
        if (pushes.putIfAbsent(who.ingressId(), pusher) != null) {
            throw ProblemException.conflict("ingress " + who.ingressId() + " has a publisher already");
        }
        ParticipantInfo joined;
        try {
            pusher.registration = rooms.attach(who.room(), who.identity(), who.name(), who.metadata(), PUBLISH_ONLY, ParticipantInfo.Kind.INGRESS, pusher);
            joined = rooms.participant(who.room(), who.identity());
        } catch (RoomException e) {
            pusher.refused(e.getMessage());
            throw e.reason() == RoomException.Reason.ROOM_FULL ? ProblemException.conflict("room '" + who.room() + "': " + e.getMessage())
                    : new ProblemException(503, "Unavailable", "room '" + who.room() + "': " + e.getMessage());
        }
        String roomSid = rooms.room(who.room()).map(RoomInfo::sid).orElse("");
        Map<String, String> metadata = ParticipantSessions.trackMetadata(who.room(), roomSid, who.identity(), joined.sid());
        metadata.put("ingress", who.ingressId());
        WebRtcPublishing.Publication publication;
        try {
            publication = publishing.publish(offer, metadata, pusher);
        } catch (RuntimeException e) {
            pusher.refused(e.getMessage());
            throw e;
        }
        TrackInfo track;
        try {
            track = rooms.publish(who.room(), who.identity(), "ingress", "audio/opus", publication.streamId());
            publication.updateMetadata(Map.of("track", track.sid()));
        } catch (RoomException e) {
            pusher.refused(e.getMessage());
            publication.end("refused", e.getMessage());
            throw ProblemException.conflict("room '" + who.room() + "': " + e.getMessage());
        }
        return pusher.publishing(publication, track, roomSid);
    }

    Optional<IngressPush> follow(String ingressId, IngressPushListener listener) {
        IngressPusher p = ingressId == null ? null : pushes.get(ingressId);
        return p == null ? Optional.empty() : Optional.ofNullable(p.follow(listener));
    }

    List<IngressPush> running() {
        List<IngressPush> out = new ArrayList<>();
        for (IngressPusher p : pushes.values()) {
            IngressPush now = p.snapshot();
            if (!now.streamId().isEmpty() && now.track() != null) out.add(now);
        }
        return out;
    }

    boolean end(String ingressId, String cause, String reason) {
        IngressPusher p = ingressId == null ? null : pushes.get(ingressId);
        return p != null && p.end(cause, reason);
    }

    /** Ends the pushes the bundle started. @return how many */
    int endStartedBy(long bundleId, String cause, String reason) {
        int n = 0;
        for (IngressPusher p : List.copyOf(pushes.values())) {
            if (p.owner == bundleId && p.end(cause, reason)) n++;
        }
        return n;
    }

    /** Ends every push. @return how many */
    int endAll(String cause, String reason) {
        int n = 0;
        for (IngressPusher p : List.copyOf(pushes.values())) if (p.end(cause, reason)) n++;
        return n;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
