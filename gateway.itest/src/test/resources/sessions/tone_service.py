# A service on the call-fork protocol (Plivo's Audio Stream) for the websocket processor's test, on Python's
# `websockets`: answers every media message it receives with playAudio of the same length of a tone (--hz), so what
# it plays back is paced by the audio forked to it, in the encoding the start message names (audio/x-l16, or
# audio/x-mulaw through Python's own G.711 in audioop), and sends a checkpoint every 50 messages.
# Prints one JSON line per fact on stdout: {"port"} first, then {"start": <the start message>}, {"media": n,
# "encoding", "input_hz": estimate} every 50 media messages (the forked audio's frequency from its zero crossings),
# {"played": name} for each playedStream, {"closed": code}.
import argparse, asyncio, base64, json, math, struct, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)
import audioop
import websockets

ap = argparse.ArgumentParser()
ap.add_argument("--hz", type=float, default=880)
a = ap.parse_args()


def say(**o):
    print(json.dumps(o), flush=True)


async def handle(ws):
    rate, encoding, mulaw, phase, count, recent = 16000, "audio/x-l16", False, 0.0, 0, []
    try:
        async for text in ws:
            m = json.loads(text)
            if m["event"] == "start":
                say(start=m)
                rate = m["start"]["mediaFormat"]["sampleRate"]
                encoding = m["start"]["mediaFormat"]["encoding"]
                mulaw = encoding == "audio/x-mulaw"
            elif m["event"] == "media":
                pcm = base64.b64decode(m["media"]["payload"])
                if mulaw:
                    pcm = audioop.ulaw2lin(pcm, 2)
                samples = struct.unpack("<%dh" % (len(pcm) // 2), pcm)
                recent.extend(samples)
                out = bytearray()
                for _ in samples:
                    out += struct.pack("<h", int(9000 * math.sin(phase)))
                    phase += 2 * math.pi * a.hz / rate
                out = audioop.lin2ulaw(bytes(out), 2) if mulaw else bytes(out)
                await ws.send(json.dumps({"event": "playAudio", "media": {"contentType": encoding, "sampleRate": rate,
                                                                            "payload": base64.b64encode(out).decode()}}))
                count += 1
                if count % 50 == 0:
                    crossings = sum(1 for i in range(1, len(recent)) if (recent[i - 1] < 0) != (recent[i] < 0))
                    say(media=count, encoding=encoding, input_hz=round(crossings / 2 / (len(recent) / rate)))
                    recent = []
                    await ws.send(json.dumps({"event": "checkpoint", "streamId": m["streamId"], "name": "after-%d" % count}))
            elif m["event"] == "playedStream":
                say(played=m["name"])
    except websockets.ConnectionClosed:
        pass
    say(closed=ws.close_code)


async def main():
    async with websockets.serve(handle, "127.0.0.1", 0) as server:
        say(port=server.sockets[0].getsockname()[1])
        await asyncio.Future()


asyncio.run(main())
