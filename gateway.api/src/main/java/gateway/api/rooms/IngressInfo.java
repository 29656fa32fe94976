package gateway.api.rooms;

/**
 * An ingress: a source outside the gateway that becomes a participant of a room publishing one audio track
 * (LiveKit's {@code IngressInfo}, audio only).
 *
 * @param ingressId           {@code IN_} and 12 letters or digits
 * @param name                the caller's name for it; never null
 * @param streamKey           the secret a pusher proves itself with (WHIP bearer token, SRT passphrase); empty for URL pulls
 * @param url                 where to push to (WHIP, SRT), or where it pulls from (URL)
 * @param input               how it receives
 * @param room                the room it publishes to
 * @param identity            the participant's identity
 * @param participantName     the participant's name; never null
 * @param participantMetadata the participant's metadata; never null
 * @param enabled             false refuses new pushes (a running input goes on)
 * @param reusable            whether it takes another push after one ended (push inputs are; a URL pull runs once)
 * @param state               the input's state
 */
public record IngressInfo(String ingressId, String name, String streamKey, String url, IngressInput input, String room, String identity,
                          String participantName, String participantMetadata, boolean enabled, boolean reusable, IngressState state) {
}
