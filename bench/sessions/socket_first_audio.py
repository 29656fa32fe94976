# POST -> first audio for a session whose audio travels over its control socket, on Python's `websockets` (import it
# with Debian's /usr/bin/python3): JOINS sessions one after another, each POSTed (1 publisher, 0 subscribers), its
# control socket opened with the publisher's token, a task with input and output over the socket (16 kHz mono, a
# passthrough between) set, a 440 Hz tone sent as input_audio_data in 20 ms messages paced in real time, until the
# first output_audio_data with sound (peak above 1000) comes back; then the session is DELETEd.
# Prints one JSON line: POST -> first audio (median, p90, max, ms), and where it goes: POST, socket open, set_task
# answered, first input -> first audio with sound.
# Usage: socket_first_audio.py BASE_URL CLIENT_ID CLIENT_SECRET [JOINS]
import asyncio, base64, json, math, statistics, struct, sys, time, urllib.request
import websockets

base, client_id, secret = sys.argv[1], sys.argv[2], sys.argv[3]
joins = int(sys.argv[4]) if len(sys.argv) > 4 else 20
RATE = 16000


def request(method, path, body=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None, method=method,
                                 headers={"ClientID": client_id, "ClientSecret": secret, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.read().decode()


def tone_chunk(phase):
    out = bytearray()
    for _ in range(RATE // 50):
        out += struct.pack("<h", int(8000 * math.sin(phase)))
        phase += 2 * math.pi * 440 / RATE
    return bytes(out), phase


async def one():
    t0 = time.monotonic()
    _, body = await asyncio.to_thread(request, "POST", "/session-storage/sessions", {"data": {"publisher_count": 1, "subscriber_count": 0}})
    data = json.loads(body)["data"]
    t_post = time.monotonic()
    async with websockets.connect(data["control_url"] + "?token=" + data["publisher"][0], max_size=2 ** 22) as ws:
        t_open = time.monotonic()
        await ws.send(json.dumps({"message_type": "set_task", "data": {
            "input_stream": {"content_type": "audio", "source": {"type": "ws", "sample_rate": RATE, "channels": 1}},
            "output_stream": {"content_type": "audio", "target": {"type": "ws", "sample_rate": RATE, "channels": 1}},
            "pipeline": {"processors": [{"name": "passthrough"}]}}}))
        while json.loads(await ws.recv())["message_type"] != "current_task":
            pass
        t_task = time.monotonic()
        heard = asyncio.get_running_loop().create_future()

        async def read():
            async for text in ws:
                m = json.loads(text)
                if m["message_type"] == "output_audio_data" and m["data"]["data"]:
                    pcm = base64.b64decode(m["data"]["data"])
                    if max(abs(v) for v in struct.unpack("<%dh" % (len(pcm) // 2), pcm)) > 1000 and not heard.done():
                        heard.set_result(time.monotonic())

        reader = asyncio.create_task(read())
        phase, i = 0.0, 0
        while not heard.done() and i < 500:
            chunk, phase = tone_chunk(phase)
            await ws.send(json.dumps({"message_type": "input_audio_data", "data": {"data": base64.b64encode(chunk).decode()}}))
            i += 1
            await asyncio.sleep(max(0.0, t_task + i * 0.02 - time.monotonic()))
        t_audio = heard.result() if heard.done() else None
        reader.cancel()
    await asyncio.to_thread(request, "DELETE", "/session-storage/sessions/" + data["id"])
    if t_audio is None:
        raise SystemExit("no audio came back within 10 s")
    return {"total": t_audio - t0, "post": t_post - t0, "open": t_open - t_post, "task": t_task - t_open, "audio": t_audio - t_task}


async def main():
    rows = [await one() for _ in range(joins)]

    def ms(key, q):
        v = sorted(r[key] for r in rows)
        return round(1000 * v[min(len(v) - 1, int(q * len(v)))], 1)

    print(json.dumps({"joins": joins, "post_to_first_audio_ms": {"median": round(1000 * statistics.median(r["total"] for r in rows), 1),
                                                                 "p90": ms("total", 0.9), "max": ms("total", 1.0)},
                      "median_ms": {k: round(1000 * statistics.median(r[k] for r in rows), 1) for k in ("post", "open", "task", "audio")}}))


asyncio.run(main())
