// Webhooks the test's receiver captured ({body, authorization} per line), verified by livekit-server-sdk's
// WebhookReceiver. Usage: node livekit_webhooks_verify.mjs <api key> <api secret> <captured file>
import assert from "node:assert/strict";
import fs from "node:fs";
import { WebhookReceiver, EgressStatus } from "livekit-server-sdk";

const [apiKey, apiSecret, file] = process.argv.slice(2);
const receiver = new WebhookReceiver(apiKey, apiSecret);
const egress = [];
for (const line of fs.readFileSync(file, "utf8").split("\n").filter((l) => l)) {
  const { body, authorization } = JSON.parse(line);
  const event = await receiver.receive(body, authorization);
  if (event.egressInfo) egress.push({ event: event.event, egressId: event.egressInfo.egressId, status: EgressStatus[event.egressInfo.status] });
}
assert.ok(egress.length > 0, "egress webhooks arrived");
console.log(JSON.stringify(egress));
