# Audio over a session's control socket, on Python's `websockets`: refusals first (input_audio_data without a task
# that takes it, then a length that is not whole samples), then a task whose input and output are the socket
# (input 16 kHz mono, output 24 kHz stereo, a passthrough between), then --seconds of a --hz tone sent as
# input_audio_data in 20 ms messages paced in real time while output_audio_data is collected, then end_task.
# Prints one JSON line per fact: {"task": current_task}, {"refused": {code: desc}}, {"socket_hz", "socket_seconds",
# "channels_equal", "peak"} measured on the output's left channel (the half periods between its zero crossings, its
# steady middle), and {"last_chunk": true} when the output's last chunk arrived after end_task.
import argparse, asyncio, base64, json, math, struct
import websockets

ap = argparse.ArgumentParser()
ap.add_argument("control_url")
ap.add_argument("token")
ap.add_argument("--hz", type=float, default=440)
ap.add_argument("--seconds", type=float, default=10)
a = ap.parse_args()
IN_RATE, OUT_RATE = 16000, 24000


def say(**o):
    print(json.dumps(o), flush=True)


def frequency(pcm):
    """The tone's frequency from its half periods: the distances between zero crossings (placed between samples by
    linear interpolation), those of the tone itself only. Silence the input's pacer inserts when the machine is too
    loaded to send in real time (a stretch without crossings) then does not pass for a lower frequency."""
    crossings = [i - 1 + pcm[i - 1] / (pcm[i - 1] - pcm[i]) for i in range(1, len(pcm)) if (pcm[i - 1] < 0) != (pcm[i] < 0)]
    halves = [b - a for a, b in zip(crossings, crossings[1:])]
    if not halves:
        return 0.0
    median = sorted(halves)[len(halves) // 2]
    tone = [h for h in halves if 0.5 * median < h < 1.5 * median]
    return OUT_RATE / (2 * sum(tone) / len(tone))


async def main():
    async with websockets.connect(a.control_url + "?token=" + a.token, max_size=2 ** 22) as ws:
        replies, audio, last = asyncio.Queue(), bytearray(), asyncio.Event()

        async def read():
            async for text in ws:
                m = json.loads(text)
                if m["message_type"] == "output_audio_data":
                    audio.extend(base64.b64decode(m["data"]["data"]))
                    if m["data"]["last_chunk"]:
                        last.set()
                else:
                    await replies.put(m)

        reader = asyncio.create_task(read())

        async def call(message_type, data=None):
            await ws.send(json.dumps({"message_type": message_type, "data": data or {}}))
            while True:
                m = await asyncio.wait_for(replies.get(), 10)
                # the gateway also sends current_task unasked when the output tracks change: not an answer to others
                if m["message_type"] != "current_task" or message_type in ("set_task", "get_task"):
                    return m

        refused = {}
        m = await call("input_audio_data", {"data": base64.b64encode(b"\0" * 640).decode()})
        refused[m["data"]["code"]] = m["data"]["desc"]
        m = await call("set_task", {
            "input_stream": {"content_type": "audio", "source": {"type": "ws", "sample_rate": IN_RATE, "channels": 1}},
            "output_stream": {"content_type": "audio", "target": {"type": "ws", "sample_rate": OUT_RATE, "channels": 2}},
            "pipeline": {"processors": [{"name": "passthrough"}]}})
        assert m["message_type"] == "current_task", m
        say(task=m["data"])
        m = await call("input_audio_data", {"data": base64.b64encode(b"\0" * 641).decode()})
        refused[m["data"]["code"]] = m["data"]["desc"]
        say(refused=refused)

        loop = asyncio.get_running_loop()
        start, phase, n = loop.time(), 0.0, int(a.seconds * 50)
        for i in range(n):
            chunk = bytearray()
            for _ in range(IN_RATE // 50):
                chunk += struct.pack("<h", int(8000 * math.sin(phase)))
                phase += 2 * math.pi * a.hz / IN_RATE
            await ws.send(json.dumps({"message_type": "input_audio_data", "data": {"data": base64.b64encode(bytes(chunk)).decode()}}))
            await asyncio.sleep(max(0.0, start + (i + 1) * 0.02 - loop.time()))
        await asyncio.sleep(0.5)
        frames = struct.unpack("<%dh" % (len(audio) // 2), bytes(audio[:len(audio) // 4 * 4]))
        left, right = frames[0::2], frames[1::2]
        tail = left[OUT_RATE:len(left) - int(1.5 * OUT_RATE)]  # the steady middle: no start-up, no trailing silence
        say(socket_hz=round(frequency(tail), 1), socket_seconds=round(len(left) / OUT_RATE, 2),
            channels_equal=left == right, peak=max((abs(x) for x in tail), default=0))
        await asyncio.sleep(3.1)  # end_task is limited to one per 3 s per token; set_task counted for the other limit
        await ws.send(json.dumps({"message_type": "end_task", "data": {"force": False}}))
        await asyncio.wait_for(last.wait(), 10)
        say(last_chunk=True)
        reader.cancel()


asyncio.run(asyncio.wait_for(main(), 120))
