// Plivo's own Node SDK against the gateway: node plivo-client.js AUTH_ID AUTH_TOKEN METHOD ARGS_JSON
// METHOD is one of stream, getStream, getAllStream, stopStream, stopAllStream; ARGS_JSON a JSON array of its
// arguments. Prints {"ok": result} or {"error": message, "status": code} as one JSON line.
const plivo = require('plivo');
const [authId, authToken, method, args] = process.argv.slice(2);
const client = new plivo.Client(authId, authToken);
Promise.resolve(client.calls[method](...JSON.parse(args)))
  .then((r) => console.log(JSON.stringify({ ok: r })))
  .catch((e) => console.log(JSON.stringify({ error: String(e && e.message || e), name: e && e.constructor && e.constructor.name })));
