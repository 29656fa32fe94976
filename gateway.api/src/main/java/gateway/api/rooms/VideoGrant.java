package gateway.api.rooms;

/**
 * The {@code video} claim of a LiveKit access token: what its bearer may do. A null Boolean is a claim the token
 * does not carry; for {@code canPublish}, {@code canSubscribe} and {@code canPublishData} that means allowed, as in
 * LiveKit.
 *
 * @param roomCreate     may create and delete rooms
 * @param roomList       may list rooms
 * @param roomJoin       may join {@link #room}
 * @param roomAdmin      may administer {@link #room} (participants, tracks, metadata, data)
 * @param roomRecord     may start and stop egress
 * @param ingressAdmin   may manage ingress
 * @param room           the room the grant is for; null = none
 * @param canPublish     may publish when joined; null = yes
 * @param canSubscribe   may subscribe when joined; null = yes
 * @param canPublishData may send data when joined; null = yes
 * @param canUpdateOwnMetadata may change its own name and metadata
 * @param hidden         hidden from the other participants
 */
public record VideoGrant(boolean roomCreate, boolean roomList, boolean roomJoin, boolean roomAdmin, boolean roomRecord,
                         boolean ingressAdmin, String room, Boolean canPublish, Boolean canSubscribe, Boolean canPublishData,
                         boolean canUpdateOwnMetadata, boolean hidden) {

    /**
     * @param room the room
     * @return the grant of a participant that may join {@code room}, publish, subscribe and send data
     */
    public static VideoGrant join(String room) {
        return new VideoGrant(false, false, true, false, false, false, room, true, true, true, false, false);
    }

    /** @return the participant permission this grant gives when its bearer joins */
    public ParticipantPermission permission() {
        return new ParticipantPermission(canSubscribe == null || canSubscribe, canPublish == null || canPublish,
                canPublishData == null || canPublishData, canUpdateOwnMetadata, hidden);
    }
}
