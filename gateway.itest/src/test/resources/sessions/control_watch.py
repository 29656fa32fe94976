# A control client on Python's `websockets` that stays connected: sends each JSON message it reads on stdin (one a
# line), and prints every message it receives (output_audio_data left out) as one JSON line on stdout, and
# {"closed": code, "reason": reason} when the gateway closes the socket.
import asyncio, json, sys
import websockets

control_url, token = sys.argv[1], sys.argv[2]


async def main():
    async with websockets.connect(control_url + "?token=" + token) as ws:
        loop = asyncio.get_running_loop()

        async def forward():
            while True:
                line = await loop.run_in_executor(None, sys.stdin.readline)
                if not line:
                    return
                await ws.send(line.strip())

        sender = asyncio.create_task(forward())
        try:
            async for text in ws:
                m = json.loads(text)
                if m["message_type"] != "output_audio_data":
                    print(json.dumps(m), flush=True)
        except websockets.ConnectionClosed:
            pass
        print(json.dumps({"closed": ws.close_code, "reason": ws.close_reason}), flush=True)
        sender.cancel()


asyncio.run(main())
