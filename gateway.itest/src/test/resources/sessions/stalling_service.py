# A call-fork service (Plivo's Audio Stream) on Python's `websockets` that stops reading: on the port given, with a
# small receive buffer and segment size, it reads the first connection's messages until --stop-reading-after media messages, then
# reads nothing more from it (no messages, no pings: its TCP window closes); later connections are read to the end.
# Prints one JSON line per fact: {"port"}, {"start": n} for each connection's start message, {"stopped_reading": n},
# {"closed": code, "connection": n}.
import argparse, asyncio, json, socket
import websockets

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--stop-reading-after", type=int, default=100)
a = ap.parse_args()
connections = 0


def say(**o):
    print(json.dumps(o), flush=True)


async def handle(ws):
    global connections
    connections += 1
    n, media = connections, 0
    try:
        async for text in ws:
            m = json.loads(text)
            if m["event"] == "start":
                say(start=n)
            elif m["event"] == "media":
                media += 1
                if n == 1 and media == a.stop_reading_after:
                    ws.transport.pause_reading()
                    say(stopped_reading=media)
                    await asyncio.Future()
    except websockets.ConnectionClosed:
        pass
    say(closed=ws.close_code, connection=n)


async def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # inherited by accepted sockets: the window closes soon
    # a small segment size, as on a real network: on loopback (64 KiB segments) the sender's buffer grows to megabytes
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 536)
    s.bind(("127.0.0.1", a.port))
    async with websockets.serve(handle, sock=s, max_queue=1, read_limit=4096, ping_interval=None):
        say(port=a.port)
        await asyncio.Future()


asyncio.run(main())
