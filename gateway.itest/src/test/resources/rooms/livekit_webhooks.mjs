// The gateway's room webhooks received and verified by livekit-server-sdk's WebhookReceiver, as the tutorial's
// POST /livekit/webhook receives them. Usage: node livekit_webhooks.mjs <gateway url> <api key> <api secret> <port>
import assert from "node:assert/strict";
import http from "node:http";
import { RoomServiceClient, WebhookReceiver } from "livekit-server-sdk";

const [url, apiKey, apiSecret, port] = process.argv.slice(2);
const receiver = new WebhookReceiver(apiKey, apiSecret);
const events = [];
const waiters = [];
const seen = { refusedTampered: false, contentTypes: new Set() };

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks).toString("utf8");
    seen.contentTypes.add(req.headers["content-type"]);
    try {
      const event = await receiver.receive(body, req.headers.authorization);
      try {
        await receiver.receive(body.replace("\"event\"", " \"event\""), req.headers.authorization);
      } catch {
        seen.refusedTampered = true;
      }
      events.push(event);
      waiters.splice(0).forEach((w) => w());
      res.writeHead(200).end();
    } catch (e) {
      events.push({ error: String(e) });
      res.writeHead(401).end();
    }
  });
});
await new Promise((r) => server.listen(Number(port), "127.0.0.1", r));

async function awaitEvent(type) {
  const deadline = Date.now() + 10000;
  while (!events.some((e) => e.event === type)) {
    assert.ok(!events.some((e) => e.error), "every webhook verifies: " + JSON.stringify(events.filter((e) => e.error)));
    assert.ok(Date.now() < deadline, "no " + type + " webhook within 10 s: " + JSON.stringify(events));
    await new Promise((r) => { waiters.push(r); setTimeout(r, 200); });
  }
  return events.find((e) => e.event === type);
}

const rooms = new RoomServiceClient(url, apiKey, apiSecret);
const created = await rooms.createRoom({ name: "hooks" });
const started = await awaitEvent("room_started");
assert.equal(started.room.sid, created.sid);
assert.equal(started.room.name, "hooks");
assert.match(started.id, /^EV_/);
assert.ok(Math.abs(Number(started.createdAt) - Date.now() / 1000) < 60);
await rooms.deleteRoom("hooks");
const finished = await awaitEvent("room_finished");
assert.equal(finished.room.sid, created.sid);
assert.ok(seen.refusedTampered, "a changed body does not verify");
assert.deepEqual([...seen.contentTypes], ["application/webhook+json"]);
server.close();
console.log(JSON.stringify({ events: events.map((e) => e.event), refusedTampered: seen.refusedTampered }));
