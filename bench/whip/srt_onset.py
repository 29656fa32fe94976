#!/usr/bin/python3
"""Reads Ogg/Opus from stdin (srt-live-transmit's output) and prints, as JSON, the wall-clock time at which
the first loud packet arrived: after at least 10 small (silent) Opus packets, the first one of 40 bytes or more.
The bridge's encoder (VBR, no DTX) turns digital silence into packets of a few bytes and a tone into hundreds."""
import json
import sys
import time

stream = sys.stdin.buffer
packets = 0
quiet = 0
partial = b""
while True:
    header = stream.read(27)
    if len(header) < 27 or header[:4] != b"OggS":
        print(json.dumps({"event": "end", "packets": packets}), flush=True)
        sys.exit(1)
    segments = stream.read(header[26])
    body = stream.read(sum(segments))
    arrived = time.time()
    at = 0
    for lace in segments:
        partial += body[at:at + lace]
        at += lace
        if lace < 255:
            packet, partial = partial, b""
            packets += 1
            if packets <= 2:
                continue  # OpusHead, OpusTags
            if len(packet) < 40:
                quiet += 1
            elif quiet >= 10:
                print(json.dumps({"event": "onset", "t": arrived, "packets": packets}), flush=True)
                sys.exit(0)
