// livekit-server-sdk's EgressClient starting the audio egresses the gateway does, and refused the ones it does not.
// Usage: node livekit_egress_start.mjs <gateway url> <api key> <api secret> <room> <track sid> <srt url>
import assert from "node:assert/strict";
import {
  EgressClient, EgressStatus, DirectFileOutput, EncodedFileOutput, EncodedFileType, StreamOutput, StreamProtocol,
} from "livekit-server-sdk";

const [url, apiKey, apiSecret, room, track, srt] = process.argv.slice(2);
const egress = new EgressClient(url, apiKey, apiSecret);
const seen = {};

const trackEgress = await egress.startTrackEgress(room, new DirectFileOutput({ filepath: "alice" }), track);
assert.match(trackEgress.egressId, /^EG_[0-9A-Za-z]{12}$/);
assert.equal(trackEgress.roomName, room);
assert.ok([EgressStatus.EGRESS_STARTING, EgressStatus.EGRESS_ACTIVE].includes(trackEgress.status));
assert.equal(trackEgress.request.case, "track");
assert.equal(trackEgress.request.value.trackId, track);
seen.track = trackEgress.egressId;

const mix = await egress.startRoomCompositeEgress(room, new EncodedFileOutput({ fileType: EncodedFileType.OGG }), { audioOnly: true });
assert.equal(mix.request.case, "roomComposite");
seen.mix = mix.egressId;

const stream = await egress.startRoomCompositeEgress(room, new StreamOutput({ protocol: StreamProtocol.SRT, urls: [srt] }), { audioOnly: true });
assert.equal(stream.streamResults.length, 1);
assert.ok(!stream.streamResults[0].url.includes("passphrase=egress"), "the passphrase is masked: " + stream.streamResults[0].url);
seen.stream = stream.egressId;

// what needs video, a browser or another container is refused with a message naming what works
for (const [what, call] of [
  ["mp4", () => egress.startRoomCompositeEgress(room, new EncodedFileOutput({ fileType: EncodedFileType.MP4 }), { layout: "grid" })],
  ["rtmp", () => egress.startRoomCompositeEgress(room, new StreamOutput({ protocol: StreamProtocol.RTMP, urls: ["rtmp://localhost/live/key"] }))],
  ["web", () => egress.startWebEgress("https://openvidu.io", new EncodedFileOutput({ fileType: EncodedFileType.MP4 }))],
  ["video", () => egress.startTrackCompositeEgress(room, new EncodedFileOutput({}), { audioTrackId: track, videoTrackId: "TR_video" })],
]) {
  await assert.rejects(call, (e) => {
    assert.match(String(e.message), /audio only, as Ogg\/Opus/, what + ": " + e.message);
    return true;
  });
}
await assert.rejects(() => egress.startTrackEgress(room, new DirectFileOutput({ filepath: "x" }), "TR_nonexistent1"), /no track/);
await assert.rejects(() => egress.stopEgress("EG_nonexistent1"), /does not exist/);

const listed = await egress.listEgress({ roomName: room });
assert.deepEqual(listed.map((e) => e.egressId), [seen.track, seen.mix, seen.stream]);
assert.equal((await egress.listEgress({ egressId: seen.mix })).length, 1);
assert.equal((await egress.listEgress({ roomName: room, active: true })).length, 3);
console.log(JSON.stringify(seen));
