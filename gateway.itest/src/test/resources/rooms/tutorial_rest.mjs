// The tutorial's REST API (OpenVidu's LiveKit application server, reference table) through Node's fetch: every
// room endpoint, its body errors, 404s in the tutorial's {"errorMessage"} shape, and POST /token.
// Usage: node tutorial_rest.mjs <gateway url> <management token>
import assert from "node:assert/strict";

const [url, management] = process.argv.slice(2);
const seen = {};

async function call(method, path, body, token = management) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const r = await fetch(url + path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, type: r.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}
function error(r, status, message) {
  assert.equal(r.status, status, JSON.stringify(r));
  assert.ok(r.type.startsWith("application/json"), r.type);
  assert.deepEqual(Object.keys(r.body), ["errorMessage"]);
  if (message instanceof RegExp) assert.match(r.body.errorMessage, message);
  else assert.equal(r.body.errorMessage, message);
}

// token: public, both participant field names
let r = await call("POST", "/token", { roomName: "Test Room", participantName: "Participant1" }, null);
assert.equal(r.status, 200);
assert.equal(r.body.token.split(".").length, 3);
r = await call("POST", "/token", { roomName: "Test Room", participantIdentity: "Participant2" }, null);
assert.equal(r.status, 200);
const claims = JSON.parse(Buffer.from(r.body.token.split(".")[1], "base64url"));
assert.equal(claims.sub, "Participant2");
error(await call("POST", "/token", { roomName: "Test Room" }, null), 400, "'roomName' and 'participantName' are required");
error(await call("POST", "/token", "[1,2", null), 400, "the request body is not valid JSON");

// rooms: management token required
assert.equal((await call("GET", "/rooms", undefined, null)).status, 401);
error(await call("POST", "/rooms", {}), 400, "'roomName' is required");
r = await call("POST", "/rooms", { roomName: "Test Room" });
assert.equal(r.status, 201);
assert.match(r.body.room.sid, /^RM_/);
assert.equal(r.body.room.name, "Test Room");
assert.equal(r.body.room.numParticipants, 0);
assert.equal(typeof r.body.room.creationTime, "string", "int64 as a string");
seen.room = r.body.room;
await call("POST", "/rooms", { roomName: "Other" });
r = await call("GET", "/rooms");
assert.deepEqual(r.body.rooms.map((x) => x.name), ["Test Room", "Other"]);
r = await call("GET", "/rooms?roomName=" + encodeURIComponent("Test Room"));
assert.deepEqual(r.body.rooms.map((x) => x.name), ["Test Room"]);
r = await call("GET", "/rooms?roomName=none");
assert.deepEqual(r.body.rooms, []);

const room = "/rooms/" + encodeURIComponent("Test Room");
error(await call("POST", room + "/metadata", {}), 400, "'metadata' is required");
r = await call("POST", room + "/metadata", { metadata: "Some data" });
assert.equal(r.status, 200);
assert.equal(r.body.room.metadata, "Some data");
error(await call("POST", "/rooms/none/metadata", { metadata: "x" }), 404, /no room 'none'/);
error(await call("POST", room + "/send-data", {}), 400, "'data' is required");
r = await call("POST", room + "/send-data", { data: { some: "data" } });
assert.deepEqual(r.body, { message: "Data message sent" });
error(await call("POST", "/rooms/none/send-data", { data: 1 }), 404, /no room/);

r = await call("GET", room + "/participants");
assert.deepEqual(r.body, { participants: [] });
error(await call("GET", "/rooms/none/participants"), 404, /no room/);
error(await call("GET", room + "/participants/Participant1"), 404, /no participant 'Participant1'/);
error(await call("PATCH", room + "/participants/Participant1", { metadata: "m" }), 404, /no participant/);
error(await call("DELETE", room + "/participants/Participant1"), 404, /no participant/);
error(await call("POST", room + "/participants/Participant1/mute", {}), 400, "'trackId' is required");
error(await call("POST", room + "/participants/Participant1/mute", { trackId: "TR_x" }), 404, /no participant/);
error(await call("POST", room + "/participants/Participant1/subscribe", { trackIds: "TR_x" }), 400, "'trackIds' is required and must be an array");
error(await call("POST", room + "/participants/Participant1/unsubscribe", {}), 400, "'trackIds' is required and must be an array");
error(await call("POST", room + "/participants/Participant1/subscribe", { trackIds: ["TR_x"] }), 404, /no participant/);

r = await call("DELETE", room);
assert.deepEqual(r.body, { message: "Room deleted" });
error(await call("DELETE", room), 404, /no room 'Test Room'/);
r = await call("GET", "/rooms");
assert.deepEqual(r.body.rooms.map((x) => x.name), ["Other"]);
console.log(JSON.stringify(seen));
