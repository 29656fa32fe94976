package gateway.api.rooms;

/**
 * Data sent to a participant, as its room keeps it for a data feed that reconnects (see
 * {@link RoomService#dataSince}).
 *
 * @param id         the message's id: increasing in the order messages were sent, unique within the rooms service's
 *                   lifetime (a data feed's {@code Last-Event-ID})
 * @param topic      the topic, or null
 * @param payload    the bytes; callers must not change them
 * @param fromServer true when the server API sent it, false when another participant did
 * @since 1.3
 */
public record DataMessage(long id, String topic, byte[] payload, boolean fromServer) {
}
