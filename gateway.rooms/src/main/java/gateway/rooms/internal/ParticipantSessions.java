package gateway.rooms.internal;

import gateway.api.http.ProblemException;
import gateway.api.rooms.AccessClaims;
import gateway.api.rooms.IngressPush;
import gateway.api.rooms.IngressPushListener;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.ParticipantInfo;
import gateway.api.rooms.ParticipantPermission;
import gateway.api.rooms.RoomException;
import gateway.api.rooms.RoomInfo;
import gateway.api.rooms.RoomService;
import gateway.api.rooms.RoomSessions;
import gateway.api.rooms.TrackInfo;
import gateway.api.webrtc.WebRtcPlayback;
import gateway.api.webrtc.WebRtcPublishing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The participants' WebRTC sessions, held beside the rooms so that updating the plugin that serves them over HTTP
 * does not end them. Immediate for the same reason as {@link RoomDirectory}: a delayed component would be
 * deactivated, and every session ended, in the moment of such an update when nothing uses the service. It ends its
 * sessions when it stops (the rooms bundle stops, or the WebRTC transport it references goes, which ends them anyway).
 * It also holds the WHIP pushes into ingresses ({@link IngressPushes}); those end when the bundle that started them is
 * uninstalled, not when it is updated or stopped.
 */
@Component(service = RoomSessions.class, immediate = true)
public final class ParticipantSessions implements RoomSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ParticipantSessions.class);
    private final RoomService rooms;
    private final WebRtcPublishing publishing;
    private final WebRtcPlayback playback;
    private final Map<String, RoomPublisher> publishers = new ConcurrentHashMap<>();
    private final Map<String, RoomListenerSession> listeners = new ConcurrentHashMap<>();
    private final Map<String, RoomSlotSession> slotListeners = new ConcurrentHashMap<>();
    private final IngressPushes ingressPushes;
    private final UninstalledBundles uninstalls;
    /** The most slots (tracks heard at once) one connection gets, whatever its offer has. */
    static final int MAX_SLOTS = 16;

    /**
     * @param rooms      the rooms
     * @param publishing the WebRTC transport's publishing
     * @param playback   the WebRTC transport's playback
     * @param context    the bundle's context, to hear of uninstalled bundles
     */
    @Activate
    public ParticipantSessions(@Reference RoomService rooms, @Reference WebRtcPublishing publishing, @Reference WebRtcPlayback playback,
                               BundleContext context) {
        this.rooms = rooms;
        this.publishing = publishing;
        this.playback = playback;
        this.ingressPushes = new IngressPushes(rooms, publishing, UninstalledBundles::bundleOf);
        this.uninstalls = new UninstalledBundles(context, this::uninstalled);
    }

    /** A bundle that is uninstalled for good takes its ingress pushes with it; an update or a stop does not. */
    private void uninstalled(Bundle bundle) {
        int n = ingressPushes.endStartedBy(bundle.getBundleId(), "uninstalled", "the ingress plugin " + bundle.getSymbolicName() + " was uninstalled");
        if (n > 0) LOG.info("Ended {} ingress pushes: {} was uninstalled", n, bundle.getSymbolicName());
    }

    @Deactivate
    void deactivate() {
        uninstalls.close();
        int n = publishers.size() + listeners.size() + slotListeners.size() + ingressPushes.endAll("stopped", "the rooms service stopped");
        for (RoomSlotSession s : List.copyOf(slotListeners.values())) s.stop("the rooms service stopped");
        for (RoomPublisher p : List.copyOf(publishers.values())) {
            WebRtcPublishing.Publication pub = p.publication();
            if (pub != null) pub.end("stopped", "the rooms service stopped");
        }
        for (RoomListenerSession s : List.copyOf(listeners.values())) s.stop("the rooms service stopped");
        if (n > 0) LOG.info("Ended {} participant sessions: the rooms service stopped", n);
    }

    @Override
    public Session publish(AccessClaims claims, String offer) {
        String room = joinable(claims);
        ParticipantPermission permission = claims.video().permission();
        if (!permission.canPublish()) throw new ProblemException(403, "Forbidden", "the token's grant does not allow publishing (canPublish)");
        RoomPublisher publisher = new RoomPublisher(room, claims.identity(), rooms, p -> publishers.values().remove(p));
        ParticipantInfo joined;
        try {
            publisher.registration = rooms.attach(room, claims.identity(), claims.name(), claims.metadata(), permission, publisher);
            joined = rooms.participant(room, claims.identity());
        } catch (RoomException e) {
            if (publisher.registration != null) publisher.registration.close();
            throw e.reason() == RoomException.Reason.ROOM_FULL ? ProblemException.conflict(e.getMessage()) : new ProblemException(503, "Unavailable", e.getMessage());
        }
        Map<String, String> metadata = trackMetadata(room, rooms.room(room).map(RoomInfo::sid).orElse(null), claims.identity(), joined.sid());
        WebRtcPublishing.Publication publication;
        try {
            publication = publishing.publish(offer, metadata, publisher);
        } catch (RuntimeException e) {
            publisher.registration.close();
            throw e;
        }
        try {
            TrackInfo track = rooms.publish(room, claims.identity(), "microphone", "audio/opus", publication.streamId());
            publisher.trackSid = track.sid();
            publication.updateMetadata(Map.of("track", track.sid()));
        } catch (RoomException e) {
            publication.end("removed", e.getMessage());
            throw ProblemException.conflict(e.getMessage());
        }
        publishers.put(publication.streamId(), publisher);
        publisher.publishing(publication);
        return new Session(publication.streamId(), publication.answer());
    }

    @Override
    public Session listen(AccessClaims claims, String trackSid, String offer) {
        String room = joinable(claims);
        ParticipantPermission permission = claims.video().permission();
        if (!permission.canSubscribe()) throw new ProblemException(403, "Forbidden", "the token's grant does not allow subscribing (canSubscribe)");
        String identity = claims.identity();
        TrackInfo published = publishedByOther(room, identity, trackSid);
        RoomListenerSession session = new RoomListenerSession(room, identity, trackSid, rooms, s -> listeners.values().remove(s));
        try {
            session.registration = rooms.attach(room, identity, claims.name(), claims.metadata(), permission, session);
            rooms.subscribe(room, identity, List.of(trackSid), true);
            session.subscribed();
        } catch (RoomException e) {
            session.ended("refused", e.getMessage());
            throw switch (e.reason()) {
                case ROOM_FULL -> ProblemException.conflict(e.getMessage());
                case NOT_ALLOWED -> new ProblemException(403, "Forbidden", e.getMessage());
                default -> ProblemException.notFound(e.getMessage());
            };
        }
        WebRtcPlayback.Playback played;
        try {
            played = playback.play(published.stream(), offer, session);
        } catch (RuntimeException e) {
            session.ended("refused", e.getMessage());
            throw e;
        }
        listeners.put(played.id(), session);
        session.playing(played);
        return new Session(played.id(), played.answer());
    }

    @Override
    public Session listenAll(AccessClaims claims, String offer) {
        String room = joinable(claims);
        ParticipantPermission permission = claims.video().permission();
        if (!permission.canSubscribe()) throw new ProblemException(403, "Forbidden", "the token's grant does not allow subscribing (canSubscribe)");
        String identity = claims.identity();
        RoomSlotSession session = new RoomSlotSession(room, identity, rooms, s -> slotListeners.values().remove(s));
        try {
            session.registration = rooms.attach(room, identity, claims.name(), claims.metadata(), permission, session);
        } catch (RoomException e) {
            session.ended("refused", e.getMessage());
            throw e.reason() == RoomException.Reason.ROOM_FULL ? ProblemException.conflict(e.getMessage()) : new ProblemException(503, "Unavailable", e.getMessage());
        }
        WebRtcPlayback.SlotPlayback played;
        try {
            played = playback.playSlots(offer, MAX_SLOTS, session);
        } catch (RuntimeException e) {
            session.ended("refused", e.getMessage());
            throw e;
        }
        slotListeners.put(played.id(), session);
        session.playing(played);
        LOG.debug("Participant '{}' of room '{}' hears its tracks in {} slots", identity, room, played.slots());
        return new Session(played.id(), played.answer());
    }

    @Override
    public boolean endListeningAll(AccessClaims claims, String id) {
        RoomSlotSession s = slotListeners.get(id);
        if (s == null || !s.identity.equals(claims.identity()) || !s.room.equals(claims.video().room())) return false;
        slotListeners.remove(id);
        s.stop("the participant ended the WHEP session (DELETE)");
        return true;
    }

    @Override
    public boolean endPublishing(AccessClaims claims, String id) {
        RoomPublisher p = publishers.get(id);
        if (p == null || !p.identity.equals(claims.identity()) || !p.room.equals(claims.video().room()) || p.publication() == null) return false;
        p.publication().end("deleted", "the participant ended the WHIP session (DELETE)");
        return true;
    }

    @Override
    public boolean endListening(AccessClaims claims, String trackSid, String id) {
        RoomListenerSession s = listeners.get(id);
        if (s == null || !s.trackSid.equals(trackSid) || !s.identity.equals(claims.identity()) || !s.room.equals(claims.video().room())) return false;
        listeners.remove(id);
        s.stop("the participant ended the WHEP session (DELETE)");
        return true;
    }

    @Override
    public IngressPush pushIngress(IngressPushRequest request, String offer, IngressPushListener listener) {
        return ingressPushes.push(request, offer, listener);
    }

    @Override
    public Optional<IngressPush> followIngressPush(String ingressId, IngressPushListener listener) {
        return ingressPushes.follow(ingressId, listener);
    }

    @Override
    public List<IngressPush> ingressPushes() {
        return ingressPushes.running();
    }

    @Override
    public boolean endIngressPush(String ingressId, String cause, String reason) {
        return ingressPushes.end(ingressId, cause, reason);
    }

    /**
     * The live-stream metadata of a participant's published track: who publishes in which room.
     *
     * @param roomSid the room's sid, left out when null
     */
    static Map<String, String> trackMetadata(String room, String roomSid, String identity, String participantSid) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("name", identity + " in " + room);
        metadata.put("room", room);
        if (roomSid != null) metadata.put("roomSid", roomSid);
        metadata.put("participant", identity);
        metadata.put("participantSid", participantSid);
        return metadata;
    }

    /** @return the token's room, when the token lets its participant join it */
    private static String joinable(AccessClaims claims) {
        if (!claims.video().roomJoin() || claims.video().room() == null || claims.identity() == null) {
            throw new ProblemException(403, "Forbidden", "the token does not grant joining a room (roomJoin, room, sub)");
        }
        return claims.video().room();
    }

    private TrackInfo publishedByOther(String room, String identity, String trackSid) {
        try {
            for (ParticipantInfo p : rooms.participants(room)) {
                if (p.identity().equals(identity)) continue;
                for (TrackInfo t : p.tracks()) if (t.sid().equals(trackSid) && t.stream() != null) return t;
            }
        } catch (RoomException noRoom) {
            // no such room: no such track
        }
        throw ProblemException.notFound("no track '" + trackSid + "' of another participant in room '" + room + "'");
    }
}
