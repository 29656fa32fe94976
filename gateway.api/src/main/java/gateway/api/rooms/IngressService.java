package gateway.api.rooms;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Ingresses: sources outside the gateway that join rooms as participants publishing one audio track each — a WHIP
 * or SRT push to the ingress's URL with its stream key, or a pull of Ogg/Opus from an HTTP(S) URL. Provided by a
 * bundle of its own, so that the plugins serving the API can be updated while ingresses go on.
 *
 * <p><b>Threading.</b> All methods are thread-safe and return snapshots. State changes are also published as
 * {@link IngressEvent}s.
 */
@ProviderType
public interface IngressService {

    /**
     * Creates an ingress. A URL ingress starts pulling at once; a push ingress waits for its pusher.
     *
     * @param request what to create
     * @return the ingress, with the URL and stream key to push to
     * @throws IngressException {@code INVALID_ARGUMENT} for a missing room or identity or an unusable URL,
     *                          {@code UNSUPPORTED} for RTMP
     */
    IngressInfo create(IngressRequest request);

    /**
     * @param ingressId the ingress
     * @param update    what changes
     * @return the ingress after the change
     * @throws IngressException {@code NOT_FOUND}, {@code INVALID_ARGUMENT}
     */
    IngressInfo update(String ingressId, IngressUpdate update);

    /**
     * @param room      only the ingresses of this room; null or empty = every room
     * @param ingressId only this ingress; null or empty = every ingress
     * @return the matching ingresses, oldest first
     */
    List<IngressInfo> list(String room, String ingressId);

    /**
     * Deletes an ingress: its input stops and its participant leaves the room.
     *
     * @param ingressId the ingress
     * @return the ingress as it was at the end
     * @throws IngressException {@code NOT_FOUND}
     */
    IngressInfo delete(String ingressId);
}
