package gateway.api.rooms;

/**
 * Changes to a participant (LiveKit's {@code UpdateParticipantRequest}); a null component is left as it is.
 *
 * @param name       the new display name, or null
 * @param metadata   the new metadata, or null
 * @param permission the new permission, or null; one without {@code canPublish} ends the participant's publishing
 */
public record ParticipantUpdate(String name, String metadata, ParticipantPermission permission) {
}
