// livekit-server-sdk's EgressClient changing a stream egress's URLs, stopping egresses and waiting for their end.
// Usage: node livekit_egress_stop.mjs <gateway url> <api key> <api secret> <stream egress> <url to add> <url to remove> <egress to stop>...
import assert from "node:assert/strict";
import { EgressClient, EgressStatus } from "livekit-server-sdk";
import { StreamInfo_Status } from "@livekit/protocol"; // the SDK's own dependency

const [url, apiKey, apiSecret, streamEgress, add, remove, ...stop] = process.argv.slice(2);
const egress = new EgressClient(url, apiKey, apiSecret);
const seen = {};

if (add !== "-") {
  const updated = await egress.updateStream(streamEgress, [add], [remove]);
  assert.equal(updated.streamResults.length, 2);
  assert.equal(updated.streamResults[0].status, StreamInfo_Status.FINISHED);
  assert.equal(updated.streamResults[1].status, StreamInfo_Status.ACTIVE);
  seen.updated = updated.streamResults.map((s) => s.url);
}
for (const id of stop) {
  const stopping = await egress.stopEgress(id);
  assert.ok([EgressStatus.EGRESS_ENDING, EgressStatus.EGRESS_COMPLETE].includes(stopping.status), id + " " + stopping.status);
}
const deadline = Date.now() + 30000;
for (;;) {
  const infos = await Promise.all(stop.map(async (id) => (await egress.listEgress({ egressId: id }))[0]));
  if (infos.every((i) => i.status === EgressStatus.EGRESS_COMPLETE)) {
    for (const i of infos) {
      seen[i.egressId] = {
        status: EgressStatus[i.status],
        files: i.fileResults.map((f) => ({ id: f.filename, location: f.location, size: Number(f.size), duration: Number(f.duration) / 1e6 })),
        streams: i.streamResults.map((s) => ({ url: s.url, status: StreamInfo_Status[s.status] })),
        startedAt: String(i.startedAt),
        endedAt: String(i.endedAt),
      };
    }
    break;
  }
  assert.ok(!infos.some((i) => [EgressStatus.EGRESS_FAILED, EgressStatus.EGRESS_ABORTED].includes(i.status)), JSON.stringify(infos.map((i) => [i.egressId, EgressStatus[i.status], i.error])));
  assert.ok(Date.now() < deadline, "not complete within 30 s: " + JSON.stringify(infos.map((i) => [i.egressId, EgressStatus[i.status], i.error])));
  await new Promise((r) => setTimeout(r, 200));
}
await assert.rejects(() => egress.stopEgress(stop[0]), /EGRESS_COMPLETE already/);
console.log(JSON.stringify(seen));
