package gateway.api.rooms;

/**
 * What a participant may do in its room (LiveKit's {@code ParticipantPermission}).
 *
 * @param canSubscribe      may listen to the other participants' tracks
 * @param canPublish        may publish tracks; revoking it ends the participant's publishing
 * @param canPublishData    may send data messages
 * @param canUpdateMetadata may change its own name and metadata
 * @param hidden            is left out of the participant lists other participants see
 */
public record ParticipantPermission(boolean canSubscribe, boolean canPublish, boolean canPublishData, boolean canUpdateMetadata,
                                    boolean hidden) {

    /** Everything a LiveKit join grant allows when it names no restriction: subscribe, publish, publish data. */
    public static final ParticipantPermission DEFAULT = new ParticipantPermission(true, true, true, false, false);
}
