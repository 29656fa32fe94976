// LiveKit's own server SDK (livekit-server-sdk from npm) against the gateway: RoomServiceClient calls as the
// tutorial's Node server makes them, the gateway's /token checked by the SDK's TokenVerifier, and tokens the
// gateway must refuse. Usage: node livekit_sdk.mjs <gateway url> <api key> <api secret>
// Prints one JSON object with what it saw; exits non-zero on the first failed check.
import assert from "node:assert/strict";
import { AccessToken, RoomServiceClient, TokenVerifier, DataPacket_Kind, TwirpError } from "livekit-server-sdk";
import { SignJWT } from "jose";

const [url, apiKey, apiSecret] = process.argv.slice(2);
const rooms = new RoomServiceClient(url, apiKey, apiSecret);
const seen = {};

async function twirpError(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TwirpError, "a TwirpError: " + e);
    return { status: e.status, code: e.code, message: e.message };
  }
  assert.fail("the call was expected to fail");
}

// Room lifecycle through RoomServiceClient
const started = performance.now();
const created = await rooms.createRoom({ name: "sdk room", emptyTimeout: 30, departureTimeout: 5, maxParticipants: 4, metadata: "{\"topic\":\"sdk\"}" });
seen.createMs = performance.now() - started;
assert.match(created.sid, /^RM_[0-9A-Za-z]{12}$/);
assert.equal(created.name, "sdk room");
assert.equal(created.emptyTimeout, 30);
assert.equal(created.departureTimeout, 5);
assert.equal(created.maxParticipants, 4);
assert.equal(created.metadata, "{\"topic\":\"sdk\"}");
assert.equal(typeof created.creationTime, "bigint");
assert.ok(Math.abs(Number(created.creationTime) - Date.now() / 1000) < 60, "creationTime is now: " + created.creationTime);
assert.equal(created.enabledCodecs[0].mime, "audio/opus");
seen.room = created.toJson();

const again = await rooms.createRoom({ name: "sdk room" });
assert.equal(again.sid, created.sid, "creating an existing room returns it");
await rooms.createRoom({ name: "second" });
const all = await rooms.listRooms();
assert.deepEqual(all.map((r) => r.name).sort(), ["sdk room", "second"]);
const one = await rooms.listRooms(["second", "missing"]);
assert.deepEqual(one.map((r) => r.name), ["second"]);
const updated = await rooms.updateRoomMetadata("sdk room", "new metadata");
assert.equal(updated.metadata, "new metadata");
assert.equal(updated.sid, created.sid);
assert.deepEqual(await rooms.listParticipants("sdk room"), []);
await rooms.sendData("sdk room", new TextEncoder().encode("{\"hello\":1}"), DataPacket_Kind.RELIABLE, { topic: "chat", destinationSids: [] });

seen.getMissing = await twirpError(rooms.getParticipant("sdk room", "nobody"));
assert.equal(seen.getMissing.status, 404);
assert.equal(seen.getMissing.code, "not_found");
seen.removeMissing = await twirpError(rooms.removeParticipant("sdk room", "nobody"));
assert.equal(seen.removeMissing.code, "not_found");
seen.muteMissing = await twirpError(rooms.mutePublishedTrack("sdk room", "nobody", "TR_x", true));
assert.equal(seen.muteMissing.code, "not_found");
seen.updateMissing = await twirpError(rooms.updateParticipant("sdk room", "nobody", { metadata: "m" }));
assert.equal(seen.updateMissing.code, "not_found");
seen.subscribeMissing = await twirpError(rooms.updateSubscriptions("sdk room", "nobody", ["TR_x"], true));
assert.equal(seen.subscribeMissing.code, "not_found");
seen.participantsOfMissingRoom = await twirpError(rooms.listParticipants("no such room"));
assert.equal(seen.participantsOfMissingRoom.code, "not_found");

await rooms.deleteRoom("second");
assert.deepEqual((await rooms.listRooms()).map((r) => r.name), ["sdk room"]);
seen.deleteMissing = await twirpError(rooms.deleteRoom("second"));
assert.equal(seen.deleteMissing.code, "not_found");

// The wrong secret, a token without the grant, a token for another room, an expired token
const wrongSecret = new RoomServiceClient(url, apiKey, apiSecret + "x");
seen.wrongSecret = await twirpError(wrongSecret.listRooms());
assert.equal(seen.wrongSecret.status, 401);
assert.equal(seen.wrongSecret.code, "unauthenticated");
const otherKey = new RoomServiceClient(url, "APIother", apiSecret);
seen.otherKey = await twirpError(otherKey.listRooms());
assert.equal(seen.otherKey.code, "unauthenticated");

async function call(method, token, body) {
  const r = await fetch(url + "/twirp/livekit.RoomService/" + method, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + token }, body: JSON.stringify(body),
  });
  return { status: r.status, type: r.headers.get("content-type"), body: await r.json() };
}
const joinOnly = new AccessToken(apiKey, apiSecret, { identity: "alice" });
joinOnly.addGrant({ roomJoin: true, room: "sdk room" });
seen.joinTokenListsRooms = await call("ListRooms", await joinOnly.toJwt(), {});
assert.equal(seen.joinTokenListsRooms.status, 403);
assert.equal(seen.joinTokenListsRooms.body.code, "permission_denied");
const adminOfOther = new AccessToken(apiKey, apiSecret);
adminOfOther.addGrant({ roomAdmin: true, room: "another room" });
seen.otherRoomAdmin = await call("ListParticipants", await adminOfOther.toJwt(), { room: "sdk room" });
assert.equal(seen.otherRoomAdmin.status, 403);
assert.equal(seen.otherRoomAdmin.body.code, "permission_denied");
const now = Math.floor(Date.now() / 1000);
const expired = await new SignJWT({ video: { roomList: true } }).setProtectedHeader({ alg: "HS256" })
  .setIssuer(apiKey).setNotBefore(now - 7200).setExpirationTime(now - 3600).sign(new TextEncoder().encode(apiSecret));
seen.expired = await call("ListRooms", expired, {});
assert.equal(seen.expired.status, 401);
assert.equal(seen.expired.body.code, "unauthenticated");
assert.match(seen.expired.body.msg, /expired/);
const hs512 = await new SignJWT({ video: { roomList: true } }).setProtectedHeader({ alg: "HS512" })
  .setIssuer(apiKey).setExpirationTime(now + 600).sign(new TextEncoder().encode(apiSecret));
seen.hs512 = await call("ListRooms", hs512, {});
assert.equal(seen.hs512.status, 401);
seen.noToken = (await fetch(url + "/twirp/livekit.RoomService/ListRooms", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" })).status;
assert.equal(seen.noToken, 401);
const lister = new AccessToken(apiKey, apiSecret);
lister.addGrant({ roomList: true });
seen.badRoute = await call("NoSuchMethod", await lister.toJwt(), {});
assert.equal(seen.badRoute.status, 404);
assert.equal(seen.badRoute.body.code, "bad_route");
const malformed = await fetch(url + "/twirp/livekit.RoomService/ListRooms", {
  method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + await lister.toJwt() }, body: "{not json" });
seen.malformed = { status: malformed.status, body: await malformed.json() };
assert.equal(seen.malformed.body.code, "malformed");

// The gateway's /token, verified by the SDK's TokenVerifier with the same key and secret
const t = await fetch(url + "/token", { method: "POST", headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ roomName: "sdk room", participantName: "Participant1" }) });
assert.equal(t.status, 200);
const { token } = await t.json();
const claims = await new TokenVerifier(apiKey, apiSecret).verify(token);
assert.equal(claims.sub, "Participant1");
assert.equal(claims.iss, apiKey);
assert.equal(claims.video.room, "sdk room");
assert.equal(claims.video.roomJoin, true);
assert.equal(claims.video.canPublish, true);
assert.equal(claims.video.canSubscribe, true);
assert.equal(claims.video.canPublishData, true);
assert.ok(claims.exp - claims.nbf === 6 * 3600, "valid for 6 hours: " + (claims.exp - claims.nbf));
seen.gatewayTokenClaims = claims;
await assert.rejects(new TokenVerifier(apiKey, apiSecret + "x").verify(token), "another secret does not verify it");

await rooms.deleteRoom("sdk room");
assert.deepEqual(await rooms.listRooms(), []);
console.log(JSON.stringify(seen, (k, v) => (typeof v === "bigint" ? v.toString() : v)));
