# Sets a task on a session's control socket (a passthrough, or the processors given as JSON in the third argument)
# and waits until current_task names the track the subscribers listen to; prints that current_task.
import asyncio, json, sys
import websockets

control_url, token = sys.argv[1], sys.argv[2]
processors = json.loads(sys.argv[3]) if len(sys.argv) > 3 else [{"name": "passthrough"}]


async def current_task(ws):
    # the pipeline's events (e.g. websocket_connected) may come before the answer: the socket is asynchronous
    while True:
        m = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert m["message_type"] != "error", m
        if m["message_type"] == "current_task":
            return m


async def main():
    async with websockets.connect(control_url + "?token=" + token) as ws:
        await ws.send(json.dumps({"message_type": "set_task", "data": {"pipeline": {"processors": processors}}}))
        m = await current_task(ws)
        while not m["data"]["output_tracks"]:
            await asyncio.sleep(2.1)  # get_task is limited to one per 2 s
            await ws.send(json.dumps({"message_type": "get_task"}))
            m = await current_task(ws)
        print(json.dumps(m["data"]))


asyncio.run(asyncio.wait_for(main(), 60))
