package gateway.api.rooms;

import java.util.List;

/**
 * The state of an ingress's input (LiveKit's {@code IngressState}).
 *
 * @param status      where it stands; never null
 * @param error       why it failed or ended, for people; empty when nothing to say; never null
 * @param roomSid     the sid of the room it publishes (or published) to; empty before the first publication
 * @param startedAtMs when the current or last input started, epoch ms; 0 = never
 * @param endedAtMs   when the last input ended, epoch ms; 0 = not ended
 * @param updatedAtMs when this state was set, epoch ms
 * @param resourceId  the id of the live stream carrying the input in the stream registry; empty when none
 * @param tracks      the tracks the participant publishes from it; never null
 */
public record IngressState(IngressStatus status, String error, String roomSid, long startedAtMs, long endedAtMs, long updatedAtMs,
                           String resourceId, List<TrackInfo> tracks) {
    /** Copies the track list. */
    public IngressState {
        tracks = List.copyOf(tracks);
    }
}
