#!/usr/bin/python3
"""A WHIP client on aiortc (an independent WebRTC stack): publishes a generated sine tone.

Usage: aiortc_publish.py ENDPOINT [--hz 1000] [--seconds 5] [--token T] [--channels 1|2]
                         [--silence 0.0] [--keep] [--video-only] [--codec opus|PCMU]
       aiortc_publish.py STREAM_URL --repeat N --srt HOST:PORT [--seconds 0.5]
           (N times: POST /stream, publish to http://<its host>:<port>/whip/endpoint, DELETE)

Prints one JSON object per line on stdout: {"event": "answered"|"connected"|"tone"|"deleted"|"error", ...}
with the wall-clock time in "t" (seconds since the epoch). Exit code 0 when the publish went through.
"""
import argparse
import asyncio
import fractions
import json
import math
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import av
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, MediaStreamTrack, RTCRtpSender
from aiortc.mediastreams import VideoStreamTrack


def say(event, **kw):
    kw.update(event=event, t=time.time())
    print(json.dumps(kw), flush=True)


class Tone(MediaStreamTrack):
    """20 ms frames of a sine (after optional leading silence), paced in real time."""
    kind = "audio"

    def __init__(self, hz, channels, silence):
        super().__init__()
        self.hz, self.channels, self.silence = hz, channels, silence
        self.rate, self.samples, self.n = 48000, 960, 0
        self.start = None
        self.announced = False

    async def recv(self):
        if self.start is None:
            self.start = time.time()
        due = self.start + self.n / self.rate
        delay = due - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tone = self.n >= self.silence * self.rate
        if tone and not self.announced:
            self.announced = True
            say("tone", hz=self.hz)
        buf = bytearray()
        for i in range(self.samples):
            v = int(12000 * math.sin(2 * math.pi * self.hz * (self.n + i) / self.rate)) if tone else 0
            buf += v.to_bytes(2, "little", signed=True) * self.channels
        frame = av.AudioFrame(format="s16", layout="stereo" if self.channels == 2 else "mono", samples=self.samples)
        frame.planes[0].update(bytes(buf))
        frame.sample_rate = self.rate
        frame.pts = self.n
        frame.time_base = fractions.Fraction(1, self.rate)
        self.n += self.samples
        return frame


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
    except OSError as e:
        return 0, {}, str(e)


async def publish(a, endpoint):
    # No ICE servers (aiortc would otherwise ask Google's STUN server): host candidates only, nothing leaves the machine.
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    connected = asyncio.Event()

    @pc.on("connectionstatechange")
    async def on_state():
        if pc.connectionState == "connected":
            say("connected")
            connected.set()

    if a.video_only:
        pc.addTrack(VideoStreamTrack())
    else:
        transceiver = pc.addTransceiver(Tone(a.hz, a.channels, a.silence), direction="sendonly")
        if a.codec != "opus":
            codecs = [c for c in RTCRtpSender.getCapabilities("audio").codecs if c.name.lower() == a.codec.lower()]
            transceiver.setCodecPreferences(codecs)
    t0 = time.time()
    await pc.setLocalDescription(await pc.createOffer())  # gathers every candidate
    say("offered", ms=round((time.time() - t0) * 1000, 1))
    t0 = time.time()
    status, headers, body = request("POST", endpoint, pc.localDescription.sdp, "application/sdp", a.token)
    if status != 201:
        say("error", status=status, body=body, contentType=headers.get("Content-Type"))
        await pc.close()
        return 2
    location = urllib.parse.urljoin(endpoint, headers["Location"])
    say("answered", ms=round((time.time() - t0) * 1000, 1), location=location, etag=headers.get("ETag"),
        link=headers.get("Link"), contentType=headers.get("Content-Type"))
    await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    try:
        await asyncio.wait_for(connected.wait(), 10)
    except asyncio.TimeoutError:
        say("error", status=0, body="not connected within 10 s: " + pc.connectionState)
        await pc.close()
        return 3
    await asyncio.sleep(a.seconds + a.silence)
    code = 0
    if not a.keep:
        status, _, body = request("DELETE", location, token=a.token)
        say("deleted", status=status)
        code = 0 if status == 200 else 4
    await pc.close()
    return code


async def repeat(a):
    host, port = a.srt.rsplit(":", 1)
    base = urllib.parse.urlsplit(a.endpoint)
    for i in range(a.repeat):
        t0 = time.time()
        status, _, body = request("POST", a.endpoint, json.dumps({"srt": {"host": host, "port": int(port)}}), "application/json")
        say("requested", ms=round((time.time() - t0) * 1000, 1), status=status)
        if status != 201:
            say("error", status=status, body=body, round=i)
            return 5
        whip = "http://%s:%d/whip/endpoint" % (base.hostname, json.loads(body)["port"])
        code = await publish(a, whip)
        if code != 0:
            return code
        say("round", round=i)
    return 0


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("endpoint")
    p.add_argument("--hz", type=float, default=1000)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--silence", type=float, default=0.0)
    p.add_argument("--token")
    p.add_argument("--keep", action="store_true", help="do not DELETE the session at the end")
    p.add_argument("--video-only", action="store_true")
    p.add_argument("--codec", default="opus")
    p.add_argument("--repeat", type=int, default=0)
    p.add_argument("--srt", default="127.0.0.1:9")
    a = p.parse_args()
    return await (repeat(a) if a.repeat else publish(a, a.endpoint))

if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
