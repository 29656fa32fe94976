package gateway.api.rooms;

/**
 * Who a WHIP push to an ingress publishes as ({@link RoomSessions#pushIngress}): the ingress's participant, fixed
 * when the push starts.
 *
 * @param ingressId the ingress; not blank; at most one push per ingress at a time
 * @param room      the room's name; not blank (the room is created with the defaults if it does not exist)
 * @param identity  the participant's identity; not blank
 * @param name      its display name; null = none
 * @param metadata  its metadata; null = none
 * @since 1.4
 */
public record IngressPushRequest(String ingressId, String room, String identity, String name, String metadata) {
}
