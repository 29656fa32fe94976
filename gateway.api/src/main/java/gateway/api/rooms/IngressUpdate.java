package gateway.api.rooms;

/**
 * What an update of an ingress changes (LiveKit's {@code UpdateIngressRequest}); each null or empty field stays as
 * it is. Applies from its next input on; an input publishing now goes on as it is.
 *
 * @param name                the new name
 * @param room                the new room
 * @param identity            the new participant identity
 * @param participantName     the new participant name
 * @param participantMetadata the new participant metadata
 * @param enabled             the new enabled flag; null = unchanged
 */
public record IngressUpdate(String name, String room, String identity, String participantName, String participantMetadata, Boolean enabled) {
}
