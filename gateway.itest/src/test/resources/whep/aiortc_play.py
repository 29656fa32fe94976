#!/usr/bin/python3
"""A WHEP client on aiortc (an independent WebRTC stack): plays a stream and measures the tone it hears.

Usage: aiortc_play.py ENDPOINT [--seconds 4] [--token T] [--hz 440] [--progress]

POSTs a receive-only audio offer to ENDPOINT (e.g. http://127.0.0.1:10300/whep/<stream>), decodes what arrives for
--seconds after the first frame, DELETEs the session. Prints one JSON object per line on stdout:
{"event": "answered"|"connected"|"first-frame"|"heard"|"deleted"|"error", ...} with the wall-clock time in "t".
"onset" marks the first decoded frame with sound (peak above 1000). "heard" carries the seconds of audio decoded, the level at --hz and at 1.5 x --hz (Goertzel, normalised), and the
peak level. With --progress, a "progress" line every second says how many frames were decoded so far and how many
gaps there were (a frame whose timestamp is not the previous one's plus its length: packets that never arrived), the
20 ms frames those gaps miss ("missing"), the longest wall-clock wait between two frames so far ("stallMs") and
since the previous report ("recentStallMs").
Exit code 0 when the session went through (whether the tone is right is for the caller to judge).
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
    """Goertzel magnitude of one frequency, normalised to the sample count."""
    k = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + k * s1 - s2, s1
    return math.sqrt(max(0.0, s1 * s1 + s2 * s2 - k * s1 * s2)) / max(1, len(samples)) * 2


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("endpoint")
    ap.add_argument("--seconds", type=float, default=4)
    ap.add_argument("--token")
    ap.add_argument("--hz", type=float, default=440)
    ap.add_argument("--progress", action="store_true")
    a = ap.parse_args()

    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="recvonly")
    got_track = asyncio.get_event_loop().create_future()

    @pc.on("track")
    def on_track(track):
        if not got_track.done():
            got_track.set_result(track)

    @pc.on("connectionstatechange")
    def on_state():
        if pc.connectionState == "connected":
            say("connected")

    await pc.setLocalDescription(await pc.createOffer())
    t0 = time.time()
    status, headers, body = request("POST", a.endpoint, pc.localDescription.sdp, "application/sdp", a.token)
    if status != 201:
        say("error", status=status, body=body)
        await pc.close()
        return 1
    location = urllib.parse.urljoin(a.endpoint, headers["Location"])
    say("answered", millis=round((time.time() - t0) * 1000, 1), location=location)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    try:
        track = await asyncio.wait_for(got_track, 10)
        pcm = []
        first = None
        loud = False
        frames = gaps = missing = 0
        stall = recent = 0.0
        last = None
        expected = None
        reported = time.time()
        while True:
            frame = await asyncio.wait_for(track.recv(), 10)
            if first is None:
                first = time.time()
                say("first-frame", after=round(first - t0, 3))
            frames += 1
            now = time.time()
            if last is not None:
                stall = max(stall, now - last)
                recent = max(recent, now - last)
            last = now
            if expected is not None and frame.pts != expected:
                gaps += 1
                if frame.pts > expected:
                    missing += round((frame.pts - expected) / 960)
            expected = frame.pts + frame.samples
            if a.progress and time.time() - reported >= 1:
                reported = time.time()
                say("progress", frames=frames, gaps=gaps, missing=missing, stallMs=round(stall * 1000), recentStallMs=round(recent * 1000))
                recent = 0.0
            channels = len(frame.layout.channels)
            data = frame.to_ndarray().reshape(-1)  # s16, interleaved when packed
            samples = [int(v) for v in data[::channels]]
            if not loud and samples and max(abs(v) for v in samples) > 1000:
                loud = True
                say("onset")  # the first frame with sound: "t" is when it was decoded here
            pcm.extend(samples)
            if time.time() - first >= a.seconds:
                break
        mid = pcm[len(pcm) // 4: len(pcm) * 3 // 4]
        say("heard", seconds=round(len(pcm) / 48000, 2), tone=level(mid, a.hz), off=level(mid, a.hz * 1.5),
            peak=max(abs(v) for v in mid) if mid else 0, rate=frame.sample_rate, channels=channels, frames=frames, gaps=gaps, missing=missing, stallMs=round(stall * 1000))
    except Exception as e:
        say("error", detail=repr(e))
        return 1
    finally:
        status, _, _ = request("DELETE", location, token=a.token)
        say("deleted", status=status)
        await pc.close()
    return 0


sys.exit(asyncio.run(main()))
