package gateway.api.rooms;

/**
 * What an ingress is created with (LiveKit's {@code CreateIngressRequest}, audio only).
 *
 * @param input               how it receives; not null
 * @param name                a name for it; null = none
 * @param room                the room it publishes to; not blank
 * @param identity            the participant's identity; not blank
 * @param participantName     the participant's name; null = none
 * @param participantMetadata the participant's metadata; null = none
 * @param url                 for {@link IngressInput#URL_INPUT}: the {@code http(s)://} or {@code srt://} URL to pull from; else ignored
 * @param enabled             false creates it refusing pushes
 */
public record IngressRequest(IngressInput input, String name, String room, String identity, String participantName,
                             String participantMetadata, String url, boolean enabled) {
}
