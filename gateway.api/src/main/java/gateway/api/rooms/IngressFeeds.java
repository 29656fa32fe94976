package gateway.api.rooms;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The SRT and URL inputs of ingresses, held by the bundle that holds the rooms so that they outlive an update of the
 * plugin that keeps the ingresses, as {@link RoomSessions} holds their WHIP pushes: the SRT listener encoders call
 * (with an ingress's id as stream id and its stream key as passphrase), the HTTP(S) and SRT pulls, the reading of
 * their Ogg pages, the idle watchdog and the live stream of origin {@code ingress}. The plugin keeps the ingress
 * definitions and decides: it starts pulls, admits SRT callers through its {@link IngressSrtGate}, follows each feed
 * with an {@link IngressFeedListener}, and after an update its new revision takes the running feeds over with
 * {@link #follow}; the encoder, the pulled server and the room's listeners notice nothing.
 *
 * <p>A feed's Opus packets become a live stream (untouched) that the ingress's participant (kind
 * {@link ParticipantInfo.Kind#INGRESS}, publish-only) publishes as its one track once the Opus headers arrived; its
 * metadata names {@code ingress}, {@code room}, {@code roomSid}, {@code participant}, {@code participantSid} and
 * {@code track}. The room's decisions act on a feed as on a participant's own publishing: removing the participant,
 * deleting the room or revoking {@code canPublish} ends it, muting its track stops forwarding. A feed ends when its
 * source ends or fails, sends nothing for its idle timeout, when {@link #end} ends it, when this service stops, and
 * when the bundle whose listener started it is uninstalled (not when that bundle is updated or only stopped); the
 * SRT listener closes when the bundle that registered the last {@link IngressSrtGate} is uninstalled, or with
 * {@link #closeSrt}.
 *
 * <p><b>Threading.</b> Thread-safe; no method waits for a source.
 *
 * @since 1.5
 */
@ProviderType
public interface IngressFeeds {

    /**
     * Starts pulling Ogg/Opus into an ingress: from an {@code http(s)://} URL (e.g. an Icecast mount) or an
     * {@code srt://host:port} listener ({@code streamid}, {@code passphrase}, {@code pbkeylen}, {@code latency} in the
     * query as ffmpeg names them). Connects on the feed's own thread: a server that cannot be reached ends the feed as
     * failed, through the listener.
     *
     * @param who      who the feed publishes as
     * @param url      the source
     * @param settings its timeouts
     * @param listener follows the feed; not null
     * @return the feed, started (not yet publishing)
     * @throws IllegalArgumentException the URL is not one it can pull (the message says why, without the passphrase);
     *                                  the listener is then not called
     * @throws IllegalStateException    the ingress has a feed already
     */
    IngressFeed pull(IngressPushRequest who, String url, IngressFeedSettings settings, IngressFeedListener listener);

    /**
     * Checks a URL as {@link #pull} would, without pulling (for an ingress created disabled).
     *
     * @param url the source
     * @throws IllegalArgumentException the URL is not one it can pull (the message says why, without the passphrase)
     */
    void checkPull(String url);

    /**
     * Opens the SRT listener of SRT ingresses, or keeps the one open when it was opened with the same settings (the
     * same port, or any port when 0 is asked), so that a new revision of the caller finds it with its running callers.
     * Opened with other settings, the open listener is closed first, ending its callers' feeds.
     *
     * @param settings where and how it listens
     * @return the UDP port it listens on
     * @throws IOException the port cannot be bound
     */
    int listenSrt(IngressSrtSettings settings) throws IOException;

    /** Closes the SRT listener, if open, ending its callers' feeds. */
    void closeSrt();

    /**
     * Takes over following a running feed (a new revision of the ingress plugin finds its feeds again), or lets go of
     * it ({@code listener} null: the feed goes on, unfollowed).
     *
     * @param ingressId the ingress
     * @param listener  the feed's listener from now on; null = none
     * @return the feed now, empty when the ingress has no feed running (the listener is then not kept)
     */
    Optional<IngressFeed> follow(String ingressId, IngressFeedListener listener);

    /** @return the feeds running now, whoever follows them */
    List<IngressFeed> feeds();

    /**
     * Ends an ingress's feed as completed; its listener is told with this reason.
     *
     * @param ingressId the ingress
     * @param reason    why, for people
     * @return false when the ingress has no feed running
     */
    boolean end(String ingressId, String reason);
}
