#!/usr/bin/python3
"""A WHEP listener on aiortc with several receive-only audio transceivers on one connection (what a browser does with
addTransceiver('audio', {direction: 'recvonly'}) K times), for the rooms' one-connection listening.

Usage: aiortc_slots.py ENDPOINT --token T [--slots 2] [--seconds 30] [--hz 440,660]

POSTs the offer, then decodes every track that arrives and prints, once a second, one JSON line
{"event": "levels", "slots": [{"mid": "0", "frames": n, "440": level, "660": level}, ...], "t": ...} with what each
transceiver decoded in that second (frames, and the Goertzel level of each --hz frequency over them). Also
"answered" (with "mids", the audio sections the answer accepted), "connected", "error". DELETEs the session at the end.
"""
import argparse
import asyncio
import json
import math
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from aiortc import RTCPeerConnection, RTCSessionDescription


def say(event, **kw):
    kw.update(event=event, t=time.time())
    print(json.dumps(kw), flush=True)


def request(method, url, body=None, ctype=None, token=None):
    req = urllib.request.Request(url, data=body.encode() if body is not None else None, method=method)
    if ctype:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def level(samples, hz, rate=48000):
    k = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + k * s1 - s2, s1
    return math.sqrt(max(0.0, s1 * s1 + s2 * s2 - k * s1 * s2)) / max(1, len(samples)) * 2


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("endpoint")
    ap.add_argument("--token")
    ap.add_argument("--slots", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--hz", default="440,660")
    a = ap.parse_args()
    freqs = [float(f) for f in a.hz.split(",")]

    pc = RTCPeerConnection()
    transceivers = [pc.addTransceiver("audio", direction="recvonly") for _ in range(a.slots)]
    buffers = {}  # mid -> samples of the current second
    counts = {}

    async def read(mid, track):
        while True:
            try:
                frame = await track.recv()
            except Exception:
                return
            channels = len(frame.layout.channels)
            data = frame.to_ndarray().reshape(-1)
            buffers.setdefault(mid, []).extend(int(v) for v in data[::channels])
            counts[mid] = counts.get(mid, 0) + 1

    @pc.on("track")
    def on_track(track):
        mid = next((t.mid for t in transceivers if t.receiver.track is track), "?")
        asyncio.ensure_future(read(mid, track))

    @pc.on("connectionstatechange")
    def on_state():
        if pc.connectionState == "connected":
            say("connected")

    await pc.setLocalDescription(await pc.createOffer())
    status, headers, body = request("POST", a.endpoint, pc.localDescription.sdp, "application/sdp", a.token)
    if status != 201:
        say("error", status=status, body=body)
        await pc.close()
        return 1
    location = urllib.parse.urljoin(a.endpoint, headers["Location"])
    mids = []
    current = None
    for line in body.splitlines():
        if line.startswith("m="):
            current = line.split()[1] != "0"
        elif line.startswith("a=mid:") and current:
            mids.append(line[6:].strip())
    say("answered", location=location, mids=mids)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    start = time.time()
    try:
        while time.time() - start < a.seconds:
            await asyncio.sleep(1)
            slots = []
            for t in transceivers:
                samples = buffers.pop(t.mid, [])
                entry = {"mid": t.mid, "frames": counts.pop(t.mid, 0)}
                for f in freqs:
                    entry[str(int(f))] = round(level(samples, f), 1)
                slots.append(entry)
            say("levels", slots=slots)
    finally:
        status, _, _ = request("DELETE", location, token=a.token)
        say("deleted", status=status)
        await pc.close()
    return 0


sys.exit(asyncio.run(main()))
