package gateway.rooms.ingress.internal;

import gateway.api.rooms.IngressFeed;
import gateway.api.rooms.IngressFeedListener;
import gateway.api.rooms.IngressFeedSettings;
import gateway.api.rooms.IngressFeeds;
import gateway.api.rooms.IngressPushRequest;
import gateway.api.rooms.IngressSrtGate;
import gateway.rooms.ingress.internal.Ingress.Participant;

/**
 * An SRT or URL input of an ingress, as this plugin follows it. The connection, its reading, the live stream and the
 * ingress's participant are held by the rooms bundle ({@link IngressFeeds}), so that they outlive an update of this
 * plugin; this side keeps the ingress's state: publishing once the Opus headers arrived, complete (or failed) when
 * the feed ended. A new revision of the plugin takes a running feed over with {@link #resume}.
 */
final class FeedInput implements IngressInputSession, IngressFeedListener {
    private final Ingress ingress;
    private final IngressDirectory directory;
    private final IngressFeeds feeds;
    private volatile String stopped;
    private volatile boolean ended;

    FeedInput(Ingress ingress, IngressDirectory directory, IngressFeeds feeds) {
        this.ingress = ingress;
        this.directory = directory;
        this.feeds = feeds;
    }

    /** @return false when the ingress does not take an input now (disabled, busy, deleted); a pull that cannot start fails the ingress */
    boolean pull(String url, IngressFeedSettings settings) {
        Participant who = ingress.begin(this);
        if (who == null) return false;
        try {
            ingress.startedAt(this, feeds.pull(request(who), url, settings, this).startedAtMs());
        } catch (RuntimeException e) {
            finish(true, "the pull could not start: " + e.getMessage());
        }
        return true;
    }

    /** @return the SRT caller's admission, or null when the ingress does not take an input now (disabled, busy, deleted) */
    IngressSrtGate.Admission admit() {
        Participant who = ingress.begin(this);
        return who == null ? null : new IngressSrtGate.Admission(request(who), this);
    }

    private IngressPushRequest request(Participant who) {
        return new IngressPushRequest(ingress.id, who.room(), who.identity(), who.name(), who.metadata());
    }

    /**
     * Takes over a feed that outlived the previous revision of this plugin.
     *
     * @return false when the feed has ended meanwhile (the ingress is complete then, and {@code ingress_ended} sent)
     */
    boolean resume(IngressFeed running) {
        if (!ingress.resume(this, running.startedAtMs())) return false;
        IngressFeed now = feeds.follow(ingress.id, this).orElse(null);
        if (now == null) {
            finish(false, "the input ended while the ingress plugin was not running");
            return false;
        }
        if (now.publishing()) ingress.publishing(now.roomSid(), now.streamId(), now.track());
        return true;
    }

    /** Tells the ingress that its input ended while no revision of this plugin followed it. */
    void endedUnfollowed() {
        if (ingress.resume(this, System.currentTimeMillis())) finish(false, "the input ended while the ingress plugin was not running");
    }

    /** Lets go of the feed (this revision of the plugin stops): it goes on, for the next revision to take over. */
    void release() {
        feeds.follow(ingress.id, null);
    }

    @Override
    public void publishing(IngressFeed feed) {
        ingress.startedAt(this, feed.startedAtMs());
        ingress.publishing(feed.roomSid(), feed.streamId(), feed.track());
        directory.started(ingress);
    }

    @Override
    public void ended(boolean failed, String reason) {
        finish(failed, stopped != null ? stopped : reason);
    }

    @Override
    public void stop(String reason) {
        if (stopped == null) stopped = reason;
        if (!feeds.end(ingress.id, reason)) finish(false, reason); // not started, or ended already
    }

    @Override
    public void mute(boolean muted) {
        // the rooms bundle holds the participant and mutes the feed itself
    }

    private void finish(boolean failed, String why) {
        if (ended) return;
        ended = true;
        directory.ended(ingress, this, failed, why);
    }
}
