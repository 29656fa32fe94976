#!/usr/bin/python3
"""aiortc (an independent WebRTC stack) as the other peer of a test, signalled over stdin/stdout.

Usage: aiortc_peer.py receive [--seconds 3] [--hz 440]
       aiortc_peer.py send [--seconds 3] [--hz 660]

It prints its offer as one JSON line {"event": "offer", "sdp": ...}, reads the answer as one JSON line
{"sdp": ...} from stdin, then
  receive: decodes the audio it gets for --seconds after the first frame and prints
           {"event": "received", "frames", "seconds", "level", "off", "state"} (level: the tone's amplitude at
           --hz, off: at 1.5 x hz, from Goertzel over the decoded mono samples);
  send:    sends a --hz sine for --seconds and prints {"event": "sent", "state"}.
Then it closes the peer connection (DTLS close_notify) and prints {"event": "closed"}.
"""
import argparse
import asyncio
import fractions
import json
import math
import sys
import time

import av
import numpy
from aiortc import MediaStreamTrack, RTCConfiguration, RTCPeerConnection, RTCSessionDescription


def say(event, **kw):
    kw.update(event=event)
    print(json.dumps(kw), flush=True)


class Tone(MediaStreamTrack):
    kind = "audio"

    def __init__(self, hz):
        super().__init__()
        self.hz, self.n, self.start = hz, 0, None

    async def recv(self):
        if self.start is None:
            self.start = time.time()
        delay = self.start + self.n / 48000 - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        t = (numpy.arange(960) + self.n) / 48000
        samples = (12000 * numpy.sin(2 * math.pi * self.hz * t)).astype(numpy.int16)
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = 48000, self.n, fractions.Fraction(1, 48000)
        self.n += 960
        return frame


def goertzel(x, hz):
    w = 2 * math.pi * hz / 48000
    c = 2 * math.cos(w)
    s1 = s2 = 0.0
    for v in x:
        s = v + c * s1 - s2
        s2, s1 = s1, s
    return math.sqrt(max(0.0, s1 * s1 + s2 * s2 - c * s1 * s2)) / len(x)


async def main(a):
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    received = []
    done = asyncio.Event()

    @pc.on("track")
    def on_track(track):
        async def read():
            first = None
            while True:
                try:
                    frame = await track.recv()
                except Exception:
                    break
                if first is None:
                    first = time.time()
                pcm = frame.to_ndarray()
                channels = len(frame.layout.channels)
                received.append(pcm.reshape(-1)[::channels] if frame.format.is_packed else pcm[0])
                if time.time() - first >= a.seconds:
                    break
            done.set()
        asyncio.ensure_future(read())

    if a.mode == "receive":
        pc.addTransceiver("audio", direction="recvonly")
    else:
        pc.addTransceiver(Tone(a.hz), direction="sendonly")
    await pc.setLocalDescription(await pc.createOffer())
    say("offer", sdp=pc.localDescription.sdp)
    line = await asyncio.get_event_loop().run_in_executor(None, sys.stdin.readline)
    await pc.setRemoteDescription(RTCSessionDescription(sdp=json.loads(line)["sdp"], type="answer"))
    if a.mode == "receive":
        try:
            await asyncio.wait_for(done.wait(), a.seconds + 15)
        except asyncio.TimeoutError:
            pass
        x = numpy.concatenate(received).astype(numpy.float64) if received else numpy.zeros(1)
        skip = min(len(x) // 4, 24000)  # the decoder's start
        body = x[skip:]
        say("received", frames=len(received), seconds=len(x) / 48000, level=goertzel(body, a.hz),
            off=goertzel(body, a.hz * 1.5), state=pc.connectionState)
    else:
        await asyncio.sleep(a.seconds)
        say("sent", state=pc.connectionState)
    await pc.close()
    say("closed")


parser = argparse.ArgumentParser()
parser.add_argument("mode", choices=["receive", "send"])
parser.add_argument("--seconds", type=float, default=3)
parser.add_argument("--hz", type=float, default=440)
asyncio.run(main(parser.parse_args()))
