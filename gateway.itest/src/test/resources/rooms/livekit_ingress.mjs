// livekit-server-sdk's IngressClient against the gateway's Twirp livekit.Ingress, as the tutorial's Node server
// calls it, and the ingress webhooks verified by its WebhookReceiver. Checks every answer with node:assert; prints
// what it saw as JSON on its last line.
// Usage: node livekit_ingress.mjs <origin> <api key> <api secret> <webhook port>
import assert from "node:assert/strict";
import http from "node:http";
import { IngressClient, IngressInput, AccessToken, WebhookReceiver } from "livekit-server-sdk";

const [origin, key, secret, port] = process.argv.slice(2);
const client = new IngressClient(origin, key, secret);
const seen = {};

// the tutorial's POST /livekit/webhook
const receiver = new WebhookReceiver(key, secret);
const hooks = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    try {
      hooks.push(await receiver.receive(Buffer.concat(chunks).toString("utf8"), req.headers.authorization));
      res.writeHead(200).end();
    } catch (e) {
      hooks.push({ error: String(e) });
      res.writeHead(401).end();
    }
  });
});
await new Promise((r) => server.listen(Number(port), "127.0.0.1", r));
const room = "sdk-room-" + Date.now();

// WHIP: a URL and a stream key to push to
const whip = await client.createIngress(IngressInput.WHIP_INPUT, { name: "sdk-whip", roomName: room, participantIdentity: "whip-in", participantName: "WHIP in" });
assert.match(whip.ingressId, /^IN_[0-9A-Za-z]{12}$/);
assert.equal(whip.inputType, IngressInput.WHIP_INPUT);
assert.equal(whip.url, origin + "/rtc/ingress/whip");
assert.ok(whip.streamKey.length >= 20, "a stream key");
assert.equal(whip.roomName, room);
assert.equal(whip.participantIdentity, "whip-in");
assert.equal(whip.participantName, "WHIP in");
assert.equal(whip.state.status, 0, "ENDPOINT_INACTIVE");
seen.whip = whip.ingressId;

// URL: pulls at once; a port where nothing listens ends in ENDPOINT_ERROR with the reason
const url = await client.createIngress(IngressInput.URL_INPUT, { roomName: room, participantIdentity: "url-in", url: "http://127.0.0.1:9/none.ogg" });
assert.equal(url.inputType, IngressInput.URL_INPUT);
assert.equal(url.url, "http://127.0.0.1:9/none.ogg");
let failed;
for (let i = 0; i < 100; i++) {
  [failed] = await client.listIngress({ ingressId: url.ingressId });
  if (failed.state.status === 3) break;
  await new Promise((r) => setTimeout(r, 100));
}
assert.equal(failed.state.status, 3, "ENDPOINT_ERROR: " + JSON.stringify(failed.state));
assert.match(failed.state.error, /http:\/\/127\.0\.0\.1:9\/none\.ogg failed/);
seen.urlError = failed.state.error;
let hook;
for (let i = 0; i < 100 && !hook; i++) {
  hook = hooks.find((e) => e.event === "ingress_ended" && e.ingressInfo?.ingressId === url.ingressId);
  if (!hook) await new Promise((r) => setTimeout(r, 100));
}
assert.ok(hook, "an ingress_ended webhook that WebhookReceiver verifies: " + JSON.stringify(hooks));
assert.ok(!hooks.some((e) => e.error), JSON.stringify(hooks));
assert.equal(hook.ingressInfo.state.status, 3);
seen.webhook = { event: hook.event, status: hook.ingressInfo.state.status, error: hook.ingressInfo.state.error };

// the gateway's SRT push, input type 4: the number LiveKit's protocol reserves for SRT_INPUT (its SDK's enum does not
// name it yet); 3, LiveKit's reserved FILE_INPUT, is refused
const srt = await client.createIngress(4, { roomName: "other-room", participantIdentity: "srt-in" });
assert.equal(srt.inputType, 4);
await assert.rejects(client.createIngress(3, { roomName: "other-room", participantIdentity: "file-in" }),
    (e) => e.status === 400 && e.code === "invalid_argument" && /SRT_INPUT/.test(e.message));
assert.match(srt.url, /^srt:\/\/127\.0\.0\.1:\d+\?streamid=IN_/);

// RTMP is refused, naming what works
await assert.rejects(client.createIngress(IngressInput.RTMP_INPUT, { roomName: room, participantIdentity: "rtmp-in" }), (e) => {
  seen.rtmp = { status: e.status, code: e.code, message: e.message };
  return e.status === 501 && /WHIP/.test(e.message) && /SRT/.test(e.message) && /HTTP/.test(e.message);
});

// list by room and by id
const inRoom = await client.listIngress({ roomName: room });
assert.deepEqual(inRoom.map((i) => i.ingressId).sort(), [whip.ingressId, url.ingressId].sort());
const all = (await client.listIngress()).map((i) => i.ingressId);
for (const id of [whip.ingressId, url.ingressId, srt.ingressId]) assert.ok(all.includes(id), id + " listed");
const byId = await client.listIngress({ ingressId: srt.ingressId });
assert.equal(byId.length, 1);
assert.equal(byId[0].participantIdentity, "srt-in");

// update: another room and name, disabled
const updated = await client.updateIngress(whip.ingressId, { roomName: "moved", name: "renamed", enabled: false });
assert.equal(updated.roomName, "moved");
assert.equal(updated.name, "renamed");
assert.equal(updated.enabled, false);
assert.equal(updated.streamKey, whip.streamKey, "the stream key stays");

// delete; an unknown one is not_found
const deleted = await client.deleteIngress(url.ingressId);
assert.equal(deleted.ingressId, url.ingressId);
await assert.rejects(client.deleteIngress(url.ingressId), (e) => e.status === 404 && e.code === "not_found");
assert.ok(!(await client.listIngress()).some((i) => i.ingressId === url.ingressId), "gone from the list");

// a token without ingressAdmin is refused
const at = new AccessToken(key, secret, { identity: "no-admin" });
at.addGrant({ roomAdmin: true, room: room });
const r = await fetch(origin + "/twirp/livekit.Ingress/ListIngress", {
  method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + (await at.toJwt()) }, body: "{}" });
assert.equal(r.status, 403);
seen.noGrant = await r.json();
assert.equal(seen.noGrant.code, "permission_denied");

seen.left = (await client.listIngress()).map((i) => i.ingressId);
console.log(JSON.stringify(seen));
server.close();
