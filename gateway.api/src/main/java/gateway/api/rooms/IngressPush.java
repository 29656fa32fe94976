package gateway.api.rooms;

/**
 * A WHIP push into a WHIP ingress, as {@link RoomSessions} holds it: the encoder's WebRTC session and the track it
 * publishes as the ingress's participant. A snapshot; the push goes on after it is taken.
 *
 * @param ingressId   the ingress it pushes to
 * @param streamId    the id of the live stream carrying the encoder's packets (the track's stream)
 * @param answer      the SDP answer given to the encoder
 * @param roomSid     the sid of the room it publishes to; empty when the room is gone
 * @param track       the track it publishes; never null
 * @param connected   whether the encoder has connected (ICE and DTLS done): the track carries audio from then on
 * @param startedAtMs when the push was answered, epoch ms
 * @since 1.4
 */
public record IngressPush(String ingressId, String streamId, String answer, String roomSid, TrackInfo track, boolean connected, long startedAtMs) {
}
