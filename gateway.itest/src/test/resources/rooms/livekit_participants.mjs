// livekit-server-sdk's RoomServiceClient on participants that publish (two aiortc WHIP publishers the test started):
// list, get, update, mute, subscriptions, data, remove, and revoking canPublish.
// Usage: node livekit_participants.mjs <gateway url> <api key> <api secret> <room>
import assert from "node:assert/strict";
import { RoomServiceClient, TrackType, ParticipantInfo_State, DataPacket_Kind } from "livekit-server-sdk";

const [url, apiKey, apiSecret, room] = process.argv.slice(2);
const rooms = new RoomServiceClient(url, apiKey, apiSecret);
const seen = {};

const listed = await rooms.listParticipants(room);
assert.deepEqual(listed.map((p) => p.identity).sort(), ["alice", "bob"]);
const alice = await rooms.getParticipant(room, "alice");
assert.match(alice.sid, /^PA_[0-9A-Za-z]{12}$/);
assert.equal(alice.tracks.length, 1);
const track = alice.tracks[0];
assert.match(track.sid, /^TR_[0-9A-Za-z]{12}$/);
assert.equal(track.type, TrackType.AUDIO);
assert.equal(track.mimeType, "audio/opus");
assert.equal(track.muted, false);
assert.ok([ParticipantInfo_State.JOINED, ParticipantInfo_State.ACTIVE].includes(alice.state));
assert.equal(alice.permission.canPublish, true);
assert.equal(typeof alice.joinedAt, "bigint");
seen.alice = alice.toJson();

const [r] = await rooms.listRooms([room]);
assert.equal(r.numParticipants, 2);
assert.equal(r.numPublishers, 2);

const updated = await rooms.updateParticipant(room, "alice", { metadata: "{\"role\":\"host\"}", name: "Alice" });
assert.equal(updated.metadata, "{\"role\":\"host\"}");
assert.equal(updated.name, "Alice");
assert.equal(updated.sid, alice.sid);

const muted = await rooms.mutePublishedTrack(room, "alice", track.sid, true);
assert.equal(muted.sid, track.sid);
assert.equal(muted.muted, true);
assert.equal((await rooms.getParticipant(room, "alice")).tracks[0].muted, true);
assert.equal((await rooms.mutePublishedTrack(room, "alice", track.sid, false)).muted, false);

await rooms.updateSubscriptions(room, "bob", [track.sid], true);
await rooms.updateSubscriptions(room, "bob", [track.sid], false);
await rooms.sendData(room, new TextEncoder().encode("hi"), DataPacket_Kind.RELIABLE, { topic: "chat", destinationIdentities: ["bob"] });

await rooms.removeParticipant(room, "alice");
assert.deepEqual((await rooms.listParticipants(room)).map((p) => p.identity), ["bob"]);

const bob = await rooms.updateParticipant(room, "bob", { permission: { canPublish: false, canSubscribe: true } });
assert.equal(bob.permission.canPublish, false);
assert.equal(bob.tracks.length, 0, "revoking canPublish ends publishing");
seen.bob = bob.toJson();
console.log(JSON.stringify(seen));
