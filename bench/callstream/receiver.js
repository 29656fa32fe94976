// The WebSocket service of bench/callstream.sh (Node's ws): counts what each fork delivers and prints, when its
// stdin closes, one JSON line: connections, media chunks, gaps in the chunk numbering, chunks later than 20 ms
// (arrival minus the chunk's timestamp, i.e. gateway in -> frame received), and that delay's p50/p99. A line
// "reset" on stdin starts the counts of chunks, gaps and delays afresh (the measured window leaves out the set-up).
const { WebSocketServer } = require('ws');
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2]) });
let connections = 0, chunks = 0, gaps = 0, late = 0, closedEarly = 0;
const delays = new Uint32Array(1000); // histogram in ms, last bucket = 999+
server.on('connection', (ws) => {
  connections++;
  let last = 0;
  ws.on('message', (data) => {
    const now = Date.now();
    const m = JSON.parse(data);
    if (m.event !== 'media') return;
    chunks++;
    if (m.media.chunk !== last + 1) gaps += m.media.chunk - last - 1;
    last = m.media.chunk;
    const d = Math.max(0, now - Number(m.media.timestamp));
    if (d > 20) late++;
    delays[Math.min(999, d)]++;
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
  if (d.toString().includes('reset')) { chunks = 0; gaps = 0; late = 0; delays.fill(0); }
});
process.stdin.on('end', () => {
  console.log(JSON.stringify({ connections, chunks, gaps, late, closedEarly, p50: pct(0.5), p99: pct(0.99) }));
  process.exit(0);
});
process.stdin.resume();
