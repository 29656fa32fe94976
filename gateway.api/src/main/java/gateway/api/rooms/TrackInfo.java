package gateway.api.rooms;

/**
 * A track a participant publishes (LiveKit's {@code TrackInfo}); rooms carry audio only.
 *
 * @param sid      the track's id, {@code TR_} and 12 letters or digits
 * @param name     the publisher's name of the track; never null
 * @param mimeType the codec, e.g. {@code audio/opus}
 * @param muted    whether forwarding is stopped (by the publisher or by an administrator)
 * @param stream   the id of the live stream that carries the track's packets in the stream registry; null while none
 */
public record TrackInfo(String sid, String name, String mimeType, boolean muted, String stream) {
}
