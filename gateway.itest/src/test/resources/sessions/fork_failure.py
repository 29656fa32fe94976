# Sets a websocket task whose service cannot be reached (argument 3: its URL) and prints the first error message
# the session sends (the run's failure), then exits.
import asyncio, json, sys
import websockets

control_url, token, url = sys.argv[1], sys.argv[2], sys.argv[3]


async def main():
    async with websockets.connect(control_url + "?token=" + token) as ws:
        await ws.send(json.dumps({"message_type": "set_task", "data": {"pipeline": {"processors": [{"name": "websocket", "config": {"url": url}}]}}}))
        while True:
            m = json.loads(await asyncio.wait_for(ws.recv(), 20))
            if m["message_type"] == "error":
                print(json.dumps(m["data"]))
                return


asyncio.run(asyncio.wait_for(main(), 60))
