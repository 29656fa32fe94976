// The WebSocket service of bench/callstream.sh (Node's ws): counts what each fork delivers and prints, when its
// stdin closes, one JSON line: connections, media chunks, gaps in the chunk numbering, chunks later than 20 ms
// (arrival minus the chunk's timestamp, i.e. gateway in -> frame received), that delay's p50/p99, and how late its
// own event loop ran (p99 and most, ms), and the chunks received against real time (rate: each connection's chunks
// against 50 a second between its first and last chunk of the window; above 1 = catching up with a backlog). A line
// "reset" on stdin starts the counts of chunks, gaps and delays afresh (the measured window leaves out the set-up).
// It reads only what it counts, straight from the frame's bytes (the event, chunk and timestamp fields; the
// gateway's messages are checked field by field in CallStreamTest), and skips ws's UTF-8 validation: parsing
// every message as JSON made the service, not the gateway, the largest user of the machine at a few hundred forks.
const { WebSocketServer } = require('ws');
const { monitorEventLoopDelay } = require('perf_hooks');
// how late the service's own event loop runs (sampled every 5 ms): the part of a chunk's delay at the service that
// is the service's, not the gateway's
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2]), skipUTF8Validation: true });
let connections = 0, chunks = 0, gaps = 0, late = 0, closedEarly = 0;
const delays = new Uint32Array(1000); // histogram in ms, last bucket = 999+
const MEDIA = Buffer.from('"event":"media"'), CHUNK = Buffer.from('"chunk":'), TIMESTAMP = Buffer.from('"timestamp":"');
function number(b, at) { // the decimal digits at b[at...]; -1 if there are none
  let v = 0, digits = 0;
  for (let c; at < b.length && (c = b[at]) >= 48 && c <= 57; at++, digits++) v = v * 10 + (c - 48);
  return digits ? v : -1;
}
// the lateness of each chunk against its connection's 20 ms clock: arrival - chunk x 20 ms, less the connection's
// least such value over the window (sender, SRT, gateway and this service together)
const clocks = new Set();
server.on('connection', (ws) => {
  connections++;
  let last = 0;
  // values/min: the clock's lateness; first/last/n: when this connection received chunks in the window, and how many
  const clock = { values: [], min: Infinity, first: 0, last: 0, n: 0 };
  clocks.add(clock);
  ws.on('message', (data) => {
    const now = Date.now();
    if (data.indexOf(MEDIA) < 0) return;
    const c = data.indexOf(CHUNK), t = data.indexOf(TIMESTAMP);
    const chunk = c < 0 ? -1 : number(data, c + CHUNK.length), timestamp = t < 0 ? -1 : number(data, t + TIMESTAMP.length);
    if (chunk < 0 || timestamp < 0) throw new Error('a media message without chunk or timestamp: ' + data.toString());
    chunks++;
    if (clock.n++ === 0) clock.first = now;
    clock.last = now;
    if (chunk !== last + 1) gaps += chunk - last - 1;
    last = chunk;
    const d = Math.max(0, now - timestamp);
    if (d > 20) late++;
    delays[Math.min(999, d)]++;
    const l = now - chunk * 20;
    clock.values.push(l);
    if (l < clock.min) clock.min = l;
  });
  ws.on('close', (code) => { if (code !== 1000) closedEarly++; });
});
function pct(p) {
  const target = chunks * p;
  let seen = 0;
  for (let i = 0; i < delays.length; i++) { seen += delays[i]; if (seen >= target) return i; }
  return 999;
}
server.on('listening', () => console.log(JSON.stringify({ listening: server.address().port })));
process.stdin.on('data', (d) => {
  if (d.toString().includes('reset')) { loopDelay.reset(); chunks = 0; gaps = 0; late = 0; delays.fill(0); for (const c of clocks) { c.values = []; c.min = Infinity; c.n = 0; } }
});
process.stdin.on('end', () => {
  const jitter = new Uint32Array(1000);
  let n = 0, expected = 0;
  for (const c of clocks) for (const v of c.values) { jitter[Math.min(999, v - c.min)]++; n++; }
  // what each connection would have received in real time between its first and last chunk of the window
  for (const c of clocks) if (c.n > 0) expected += Math.round((c.last - c.first) / 20) + 1;
  const jpct = (p) => { let seen = 0; for (let i = 0; i < 1000; i++) { seen += jitter[i]; if (seen >= n * p) return i; } return 999; };
  console.log(JSON.stringify({ connections, chunks, gaps, late, closedEarly, p50: pct(0.5), p99: pct(0.99), jit50: jpct(0.5), jit99: jpct(0.99),
    loop99: Math.round(loopDelay.percentile(99) / 1e6), loopMax: Math.round(loopDelay.max / 1e6),
    rate: Number((chunks / Math.max(1, expected)).toFixed(3)) }));
  process.exit(0);
});
process.stdin.resume();
