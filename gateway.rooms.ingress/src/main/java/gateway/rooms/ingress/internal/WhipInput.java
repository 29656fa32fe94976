package gateway.rooms.ingress.internal;

import gateway.api.rooms.IngressPush;
import gateway.api.rooms.IngressPushListener;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.RoomSessions;
import gateway.rooms.ingress.internal.Ingress.Participant;

/**
 * A WHIP push to an ingress, as this plugin follows it. The encoder's WebRTC session, its track and the ingress's
 * participant are held by the rooms bundle ({@link RoomSessions#pushIngress}), so that they outlive an update of this
 * plugin; this side keeps the ingress's state: publishing once the encoder connected, complete (or failed) when the
 * push ended. A new revision of the plugin takes a running push over with {@link #resume}.
 */
final class WhipInput implements IngressInputSession, IngressPushListener {
    private final Ingress ingress;
    private final IngressDirectory directory;
    private final RoomSessions sessions;
    private volatile String streamId;
    private volatile String stopped;
    private volatile boolean ended;

    WhipInput(Ingress ingress, IngressDirectory directory, RoomSessions sessions) {
        this.ingress = ingress;
        this.directory = directory;
        this.sessions = sessions;
    }

    /**
     * @return the push, answered; null when the ingress does not take a push now (disabled, or busy)
     * @throws RuntimeException from the rooms (a full room, an unusable offer, a full transport); the ingress is free again
     */
    IngressPush start(String offer) {
        Participant who = ingress.begin(this);
        if (who == null) return null;
        IngressPush push;
        try {
            push = sessions.pushIngress(new IngressPushRequest(ingress.id, who.room(), who.identity(), who.name(), who.metadata()), offer, this);
        } catch (RuntimeException e) {
            finish(true, "the WHIP offer was refused: " + e.getMessage());
            throw e;
        }
        streamId = push.streamId();
        if (stopped != null) sessions.endIngressPush(ingress.id, "removed", stopped);
        return push;
    }

    /**
     * Takes over a push that outlived the previous revision of this plugin.
     *
     * @return false when the push has ended meanwhile (the ingress is complete then, and {@code ingress_ended} sent)
     */
    boolean resume(IngressPush running) {
        if (!ingress.resume(this, running.startedAtMs())) return false;
        streamId = running.streamId();
        IngressPush now = sessions.followIngressPush(ingress.id, this).orElse(null);
        if (now == null) {
            finish(false, "the WHIP push ended while the ingress plugin was not running");
            return false;
        }
        if (now.connected()) ingress.publishing(now.roomSid(), now.streamId(), now.track());
        return true;
    }

    /** Lets go of the push (this revision of the plugin stops): it goes on, for the next revision to take over. */
    void release() {
        sessions.followIngressPush(ingress.id, null);
    }

    @Override
    public void connected(IngressPush push) {
        ingress.publishing(push.roomSid(), push.streamId(), push.track());
        directory.started(ingress);
    }

    @Override
    public void stop(String reason) {
        if (stopped == null) stopped = reason;
        sessions.endIngressPush(ingress.id, "removed", reason);
    }

    @Override
    public void mute(boolean muted) {
        // the rooms bundle holds the participant and mutes the push itself
    }

    @Override
    public void ended(String cause, String reason) {
        boolean failed = "timeout".equals(cause) || "refused".equals(cause);
        finish(failed, stopped != null ? stopped : reason);
    }

    private void finish(boolean failed, String why) {
        if (ended) return;
        ended = true;
        directory.ended(ingress, this, failed, why);
    }

    /** @return the live stream's id, or null before the offer was answered */
    String streamId() {
        return streamId;
    }

    /** Ends the push at the encoder's request (WHIP DELETE). */
    void delete() {
        sessions.endIngressPush(ingress.id, "deleted", "the publisher ended the WHIP session (DELETE)");
    }
}
