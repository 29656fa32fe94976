// A WebSocket service for the call stream tests (Node's `ws`): logs every message it receives, one JSON line per
// message on stdout ({"conn", "path", "at", "msg"}), and, depending on the path it was dialled at, talks back:
//   /bidi?hz=880&seconds=2&rate=16000   plays a tone with playAudio, then sends checkpoint "tone-done"
//   /clear?hz=660&seconds=4             plays a tone, sends clearAudio after 1 s, then checkpoint "after-clear"
//   /bad                                sends an unknown event, bad base64, a wrong sample rate, then a valid checkpoint
//   /stall                              stops reading after the start message
//   /close?after=800                    closes the WebSocket (1000) that long after the start message
//   /break?after=800                    destroys the TCP connection, without a close frame, that long after the start
//   anything else                       only listens
// Every ping received is logged as {"conn", "path", "at", "ping": true}. The first line on stdout is {"port": N}.
const { WebSocketServer } = require('ws');
const server = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2] || 0) });
let next = 0;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

function tone(hz, seconds, rate) {
  const n = Math.round(seconds * rate);
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(9000 * Math.sin(2 * Math.PI * hz * i / rate)), i * 2);
  return b;
}

function play(ws, hz, seconds, rate) {
  const pcm = tone(hz, seconds, rate);
  const chunk = rate / 10 * 2; // 100 ms per message
  for (let at = 0; at < pcm.length; at += chunk) {
    ws.send(JSON.stringify({ event: 'playAudio', media: { contentType: 'audio/x-l16', sampleRate: rate,
      payload: pcm.subarray(at, Math.min(pcm.length, at + chunk)).toString('base64') } }));
  }
}

server.on('listening', () => out({ port: server.address().port }));
server.on('connection', (ws, req) => {
  const conn = ++next;
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  const q = (k, d) => Number(url.searchParams.get(k) || d);
  out({ conn, path, at: Date.now(), open: true, headers: req.headers });
  ws.on('message', (data) => {
    const at = Date.now();
    let msg;
    try { msg = JSON.parse(data.toString()); } catch (e) { msg = { unparsable: data.toString() }; }
    out({ conn, path, at, msg });
    if (msg.event !== 'start') return;
    const streamId = msg.start.streamId;
    if (path === '/bidi') {
      setTimeout(() => {
        out({ conn, path, at: Date.now(), sent: 'playAudio' });
        play(ws, q('hz', 880), q('seconds', 2), q('rate', 16000));
        ws.send(JSON.stringify({ event: 'checkpoint', streamId, name: 'tone-done' }));
      }, 300);
    } else if (path === '/clear') {
      setTimeout(() => {
        out({ conn, path, at: Date.now(), sent: 'playAudio' });
        play(ws, q('hz', 660), q('seconds', 4), 8000);
        setTimeout(() => {
          out({ conn, path, at: Date.now(), sent: 'clearAudio' });
          ws.send(JSON.stringify({ event: 'clearAudio', streamId }));
          ws.send(JSON.stringify({ event: 'checkpoint', streamId, name: 'after-clear' }));
        }, 1000);
      }, 300);
    } else if (path === '/bad') {
      ws.send(JSON.stringify({ event: 'dance', streamId }));
      ws.send(JSON.stringify({ event: 'playAudio', media: { contentType: 'audio/x-l16', sampleRate: 8000, payload: '***not base64***' } }));
      ws.send(JSON.stringify({ event: 'playAudio', media: { contentType: 'audio/x-l16', sampleRate: 44100, payload: 'AAAA' } }));
      ws.send('this is not JSON');
      ws.send(JSON.stringify({ event: 'checkpoint', streamId, name: 'still-alive' }));
    } else if (path === '/close') {
      setTimeout(() => ws.close(1000, 'done'), q('after', 800));
    } else if (path === '/break') {
      setTimeout(() => ws._socket.destroy(), q('after', 800));
    } else if (path === '/stall') {
      ws._socket.pause();
      out({ conn, path, at: Date.now(), stalled: true });
    }
  });
  ws.on('ping', () => out({ conn, path, at: Date.now(), ping: true }));
  ws.on('close', (code, reason) => out({ conn, path, at: Date.now(), closed: code, reason: reason.toString() }));
  ws.on('error', (e) => out({ conn, path, at: Date.now(), error: String(e) }));
});
process.stdin.on('end', () => process.exit(0)); // ends with the test
process.stdin.resume();
