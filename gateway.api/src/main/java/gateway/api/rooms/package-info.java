/**
 * Rooms: named groups of participants that publish and subscribe to audio tracks, with LiveKit's room model
 * (room settings, participant permissions, track sids) and LiveKit-format access tokens.
 *
 * <p>{@link gateway.api.rooms.RoomService} holds the state of every room; it is provided by a bundle of its own so
 * that the plugins serving the rooms over HTTP can be updated while rooms and their participants stay.
 * {@link gateway.api.rooms.AccessTokens} mints and verifies the tokens that name a participant and its rights.
 * {@link gateway.api.rooms.EgressService} (since 1.1) records rooms, participants and tracks and streams a room's mix.
 * {@link gateway.api.rooms.IngressService} (since 1.1) brings outside sources into rooms.
 * {@link gateway.api.rooms.RoomSessions} (since 1.2) holds the participants' WebRTC sessions; since 1.3 a listener
 * hears all of its subscribed tracks on one connection; since 1.4 it also holds the WHIP pushes into ingresses
 * ({@link gateway.api.rooms.IngressPush}), so that they outlive an update of the ingress plugin; since 1.5
 * {@link gateway.api.rooms.IngressFeeds} holds their SRT and URL inputs too, the ingress plugin deciding which SRT
 * caller is admitted through its {@link gateway.api.rooms.IngressSrtGate}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package gateway.api.rooms;
