"""The WHIP publisher of whip/aiortc_publish.py, also writing each Opus packet its encoder produced (hex, one a line)
to the file named by --dump: what the publisher sent, to compare with what the gateway recorded."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "whip"))
import asyncio  # noqa: E402

import aiortc.codecs.opus as opus  # noqa: E402

at = sys.argv.index("--dump")
dump = open(sys.argv[at + 1], "w", buffering=1)
del sys.argv[at:at + 2]
encode = opus.OpusEncoder.encode


def encode_and_dump(self, frame, force_keyframe=False):
    payloads, timestamp = encode(self, frame, force_keyframe)
    for p in payloads:
        dump.write(p.hex() + "\n")
    return payloads, timestamp


opus.OpusEncoder.encode = encode_and_dump
import aiortc_publish  # noqa: E402

if __name__ == "__main__":
    sys.exit(asyncio.run(aiortc_publish.main()))
