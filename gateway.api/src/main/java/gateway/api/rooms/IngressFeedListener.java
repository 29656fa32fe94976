package gateway.api.rooms;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Follows an SRT or URL input of an ingress ({@link IngressFeeds#pull}, {@link IngressSrtGate#admit},
 * {@link IngressFeeds#follow}); the plugin that keeps the ingresses implements it to keep the ingress's state. A feed
 * has at most one listener: a new revision of that plugin takes the feed over with {@link IngressFeeds#follow}, and
 * what happens while nobody follows it is not told to anyone (the new listener reads it from the returned
 * {@link IngressFeed}).
 *
 * <p><b>Threading.</b> Called on the feed's reading thread or the thread of the operation that caused it; must not
 * block. An exception thrown by the listener is logged and does not stop the feed.
 */
@ConsumerType
public interface IngressFeedListener {

    /**
     * The Opus headers arrived: the ingress's participant joined its room and publishes the track now. Called once per
     * feed, unless it published before this listener followed it (then {@link IngressFeed#publishing()} says so).
     * Optional.
     *
     * @param feed the feed now
     */
    default void publishing(IngressFeed feed) {
    }

    /**
     * The feed ended, once: its track left the room, and its participant with it.
     *
     * @param failed true when it failed (the source failed, went silent, sent what is not Ogg/Opus, the room refused
     *               it); false when it completed (the source ended, {@link IngressFeeds#end}, the room's decision)
     * @param reason why, for people (never a stream key or passphrase)
     */
    void ended(boolean failed, String reason);
}
