package gateway.api.rooms;

import gateway.api.http.ProblemException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The participants' WebRTC sessions: a participant publishing over WHIP or listening to a track over WHEP with its
 * access token. Provided by the bundle that holds the rooms, so that the sessions belong to it and not to the plugin
 * that serves them over HTTP: updating that plugin leaves every session (and the peer's audio) running, and the
 * plugin finds them again by id when it comes back.
 *
 * <p>The room's decisions act on the sessions: removing the participant, deleting the room or revoking
 * {@code canPublish} ends its publishing; muting its track stops forwarding; unsubscribing it from a track, revoking
 * {@code canSubscribe} or the track's end ends its listening. A session's end ends this session of the participant,
 * which leaves its room with its last session.
 *
 * <p><b>Ingress pushes</b> (since 1.4). A WHIP push into a WHIP ingress (an encoder that may push for hours) is held
 * here too, not by the plugin that keeps the ingresses: that plugin checks the stream key and asks
 * {@link #pushIngress}, follows the push with an {@link IngressPushListener}, and after an update its new revision
 * takes the running push over with {@link #followIngressPush}, so the encoder's session and the room's audio go on.
 * The room's decisions act on such a push as on a participant's own publishing. A push ends when its encoder ends it,
 * when {@link #endIngressPush} ends it (the ingress was deleted), when the room removes its participant, when the
 * WebRTC transport or this service stops, and when the bundle whose listener started it is uninstalled (not when that
 * bundle is updated or only stopped).
 *
 * <p><b>Threading.</b> Thread-safe; no method waits for the peer to connect.
 *
 * @since 1.2
 */
@ProviderType
public interface RoomSessions {

    /**
     * Joins the token's participant to its room (or adds a session to it) and publishes the offer's Opus audio as a
     * track of it: a live stream of the WebRTC transport whose metadata names {@code room}, {@code roomSid},
     * {@code participant}, {@code participantSid} and {@code track}.
     *
     * @param claims the verified token; its grant must allow {@code roomJoin} and {@code canPublish}
     * @param offer  the SDP offer
     * @return the session: its id is the track's stream id
     * @throws ProblemException 403 the grant forbids it, 409 the room is full, 400 the offer is not usable, 503 the
     *                          transport or the rooms are full
     */
    Session publish(AccessClaims claims, String offer);

    /**
     * Subscribes the token's participant (joined to its room if it is not in it, as another session if it is) to a
     * track another participant publishes, and plays its Opus packets untouched.
     *
     * @param claims   the verified token; its grant must allow {@code roomJoin} and {@code canSubscribe}
     * @param trackSid the track
     * @param offer    the SDP offer
     * @return the session
     * @throws ProblemException 403 the grant forbids it, 404 no such track of another participant of the room, 409 the
     *                          room is full, 400 the offer is not usable, 503 too many listeners
     */
    Session listen(AccessClaims claims, String trackSid, String offer);

    /**
     * Lets the token's participant (joined to its room if it is not in it, as another session if it is) hear the tracks
     * it is subscribed to on one connection. WHEP has no renegotiation, so the offer fixes how many tracks can play at
     * once: each receive-only audio section of the offer is a slot, and a slot plays one subscribed track at a time.
     * The participant is subscribed to every track the other participants publish, now and later (as LiveKit's
     * auto-subscribe does), unless it is unsubscribed from one. A slot is freed when its track is unpublished, muted or
     * unsubscribed, and takes the next subscribed track that has none (the first published first); with more tracks
     * than slots, the tracks published first play and the others wait for a free slot. Each slot's Opus packets are
     * the publishers', untouched; only sequence numbers and timestamps are the connection's own, so a slot that changes
     * track plays on without a jump.
     *
     * @param claims the verified token; its grant must allow {@code roomJoin} and {@code canSubscribe}
     * @param offer  the SDP offer, one or more receive-only audio sections (bundled)
     * @return the session
     * @throws ProblemException 403 the grant forbids it, 409 the room is full, 400 the offer is not usable, 503 too many
     *                          listeners
     * @since 1.3
     */
    Session listenAll(AccessClaims claims, String offer);

    /**
     * Ends a {@link #listenAll} session of the token's participant.
     *
     * @param claims the participant's verified token
     * @param id     the session's id
     * @return false when the participant has no such session
     * @since 1.3
     */
    boolean endListeningAll(AccessClaims claims, String id);

    /**
     * Ends a publishing session of the token's participant.
     *
     * @param claims the participant's verified token
     * @param id     the session's id
     * @return false when the participant has no such session
     */
    boolean endPublishing(AccessClaims claims, String id);

    /**
     * Ends a listening session of the token's participant.
     *
     * @param claims   the participant's verified token
     * @param trackSid the track it listens to
     * @param id       the session's id
     * @return false when the participant has no such session on that track
     */
    boolean endListening(AccessClaims claims, String trackSid, String id);

    /**
     * Joins an ingress's participant to its room (of kind {@link ParticipantInfo.Kind#INGRESS}, publish-only) and
     * publishes the offer's Opus audio, untouched, as its track: a live stream of the WebRTC transport whose metadata
     * names {@code ingress}, {@code room}, {@code roomSid}, {@code participant}, {@code participantSid} and
     * {@code track}. The caller has checked the stream key; the push is held here until it ends.
     *
     * @param request  who the push publishes as
     * @param offer    the SDP offer
     * @param listener follows the push; not null. It is not called when this method throws
     * @return the push, answered (not yet connected)
     * @throws ProblemException 409 the ingress has a push already or the room is full, 400 the offer is not usable, 503
     *                          the transport or the rooms are full
     * @since 1.4
     */
    IngressPush pushIngress(IngressPushRequest request, String offer, IngressPushListener listener);

    /**
     * Takes over following a running push (a new revision of the ingress plugin finds its pushes again), or lets go of
     * it ({@code listener} null: the push goes on, unfollowed).
     *
     * @param ingressId the ingress
     * @param listener  the push's listener from now on, replacing the one it had; null = none
     * @return the push now, empty when the ingress has no push running (the listener is then not kept)
     * @since 1.4
     */
    Optional<IngressPush> followIngressPush(String ingressId, IngressPushListener listener);

    /**
     * @return the ingress pushes running now, whoever follows them
     * @since 1.4
     */
    List<IngressPush> ingressPushes();

    /**
     * Ends an ingress's push; its listener is told ({@link IngressPushListener#ended}) with this cause and reason.
     *
     * @param ingressId the ingress
     * @param cause     a short label, e.g. {@code removed}
     * @param reason    why, for people
     * @return false when the ingress has no push running
     * @since 1.4
     */
    boolean endIngressPush(String ingressId, String cause, String reason);

    /**
     * A participant's session.
     *
     * @param id     its id (a publishing session's is its stream's)
     * @param answer the SDP answer
     */
    record Session(String id, String answer) {
    }
}
