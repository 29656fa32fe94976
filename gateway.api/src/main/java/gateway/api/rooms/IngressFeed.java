package gateway.api.rooms;

/**
 * An SRT or URL input of an ingress (an SRT caller pushing Ogg/Opus, or an Ogg/Opus pull over HTTP(S) or from an SRT
 * listener), as {@link IngressFeeds} holds it: the connection, the ingress's participant and the track it publishes.
 * A snapshot; the feed goes on after it is taken.
 *
 * @param ingressId   the ingress it feeds
 * @param source      what the source is, for people (a URL without passphrase or user information, an SRT peer)
 * @param streamId    the id of the live stream carrying its Opus packets; empty until the Opus headers arrived
 * @param roomSid     the sid of the room it publishes to; empty until it publishes, or when the room is gone
 * @param track       the track it publishes; null until the Opus headers arrived
 * @param publishing  whether its participant publishes the track now
 * @param startedAtMs when the feed started, epoch ms
 * @since 1.5
 */
public record IngressFeed(String ingressId, String source, String streamId, String roomSid, TrackInfo track, boolean publishing, long startedAtMs) {
}
