package gateway.api.rooms;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Records and streams rooms' audio (LiveKit's egress, audio only). A track or participant egress relays the track's
 * Opus packets unchanged into a live stream of its own, a room composite relays the room's mix (decoded, mixed and
 * encoded once per room, whatever the number of egresses on it); that stream is recorded by the recorder or streamed
 * to {@code srt://} URLs as Ogg/Opus.
 *
 * <p><b>Threading.</b> All methods are thread-safe and return snapshots; they do not wait for audio or for
 * outputs to connect (progress shows in {@link EgressInfo#status()} and in {@link EgressEvent}s).
 *
 * @since 1.1
 */
@ProviderType
public interface EgressService {
    /**
     * Starts an egress.
     *
     * @param request what to record or stream
     * @return the egress, {@link EgressStatus#EGRESS_STARTING} or already active
     * @throws RoomException   the room, participant or track does not exist
     * @throws EgressException {@code INVALID} (a stream URL that is not {@code srt://}, a participant without a track)
     */
    EgressInfo start(EgressRequest request);

    /**
     * Adds and removes stream URLs of a running streaming egress.
     *
     * @param egressId the egress
     * @param add      URLs to add ({@code srt://}); never null
     * @param remove   URLs to remove, as given when added or as listed; never null
     * @return the egress after the change
     * @throws EgressException {@code NOT_FOUND}, {@code NOT_ACTIVE} (ended, or not streaming), {@code INVALID}
     */
    EgressInfo updateStream(String egressId, Collection<String> add, Collection<String> remove);

    /**
     * Stops an egress: its outputs are finished, then it is {@link EgressStatus#EGRESS_COMPLETE}.
     *
     * @param egressId the egress
     * @return the egress, {@link EgressStatus#EGRESS_ENDING} or already ended
     * @throws EgressException {@code NOT_FOUND}, {@code NOT_ACTIVE} when it has ended already
     */
    EgressInfo stop(String egressId);

    /**
     * @param egressId an egress id
     * @return it, if known (ended egresses are kept for a while)
     */
    Optional<EgressInfo> egress(String egressId);

    /**
     * @param room       only this room's; null = every room
     * @param egressId   only this one; null = every one
     * @param activeOnly only those still running
     * @return the matching egresses, oldest first
     */
    List<EgressInfo> list(String room, String egressId, boolean activeOnly);
}
