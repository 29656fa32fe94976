// Mints a participant token with livekit-server-sdk's AccessToken and prints it.
// Usage: node mint.mjs <api key> <api secret> <identity> <room> <canPublish: true|false>
import { AccessToken } from "livekit-server-sdk";

const [key, secret, identity, room, canPublish] = process.argv.slice(2);
const at = new AccessToken(key, secret, { identity, name: identity + " (sdk)" });
at.addGrant({ roomJoin: true, room, canPublish: canPublish === "true", canSubscribe: true });
console.log(await at.toJwt());
