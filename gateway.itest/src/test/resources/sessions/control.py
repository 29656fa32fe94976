# Drives a session's control WebSocket with the `websockets` library: every message type, the rights of a publisher
# and a subscriber token, the rate limits, malformed messages, the refusal of invalid tokens before the upgrade and
# the end of the session. Asserts as it goes; the last output line is a JSON summary.
import asyncio, json, sys, time, urllib.request
import websockets

control_url, pub, sub, sub2, session_url, client_id, client_secret = sys.argv[1:8]
seen = {}


async def call(ws, message_type, data=None):
    msg = {"message_type": message_type}
    if data is not None:
        msg["data"] = data
    await ws.send(json.dumps(msg))
    return await reply(ws)


async def reply(ws):
    return json.loads(await asyncio.wait_for(ws.recv(), 10))


def error_code(m):
    assert m["message_type"] == "error", m
    return m["data"]["code"]


PASSTHROUGH = {"input_stream": {"content_type": "audio", "source": {"type": "webrtc"}},
               "output_stream": {"content_type": "audio", "target": {"type": "webrtc"}},
               "pipeline": {"processors": [{"name": "passthrough", "config": {}}]}}


async def main():
    # invalid and missing tokens are refused before the upgrade
    for bad in [control_url + "?token=not.a.jwt", control_url]:
        try:
            async with websockets.connect(bad):
                raise AssertionError("connected with " + bad)
        except websockets.exceptions.InvalidStatusCode as e:
            assert e.status_code == 401, e
    seen["badToken"] = 401

    async with websockets.connect(control_url + "?token=" + pub) as p, websockets.connect(control_url + "?token=" + sub) as s:
        # a session in use is kept open: its expiry, moved to one second from now, is pushed on while sockets are open
        req = urllib.request.Request(session_url + "?ttl_seconds=1", method="POST", headers={"ClientID": client_id, "ClientSecret": client_secret})
        assert urllib.request.urlopen(req).status == 204
        m = await call(p, "get_task")
        assert error_code(m) == "NOT_FOUND" and "passthrough" in m["data"]["desc"], m
        assert error_code(await call(p, "set_task", PASSTHROUGH)) == "RATE_LIMITED"
        await asyncio.sleep(2.1)
        m = await call(p, "set_task", {"pipeline": {"processors": [{"name": "translate-to-klingon"}]}})
        assert error_code(m) == "VALIDATION_ERROR" and "installed: " in m["data"]["desc"] and "passthrough" in m["data"]["desc"], m
        seen["unknownStage"] = m["data"]["desc"]
        await asyncio.sleep(2.1)
        m = await call(p, "set_task", PASSTHROUGH)
        assert m["message_type"] == "current_task" and m["data"]["status"] == "running", m
        assert m["data"]["pipeline"]["processors"][0]["name"] == "passthrough", m
        seen["currentTask"] = m["data"]

        # malformed messages: each gets an error, the socket stays open
        await p.send("not json")
        assert error_code(await reply(p)) == "VALIDATION_ERROR"
        await p.send(json.dumps({"data": {}}))
        assert error_code(await reply(p)) == "VALIDATION_ERROR"
        m = await call(p, "dance")
        assert error_code(m) == "VALIDATION_ERROR" and "set_task" in m["data"]["desc"], m
        await asyncio.sleep(2.1)
        m = await call(p, "set_task", {"input_stream": {"source": {"type": "ws", "sample_rate": 44100}}, "pipeline": {"processors": [{"name": "passthrough"}]}})
        assert error_code(m) == "VALIDATION_ERROR", m

        # a subscriber reads and edits the pipeline but never writes the input
        m = await call(s, "set_task", PASSTHROUGH)
        assert error_code(m) == "FORBIDDEN", m
        seen["subscriberInput"] = m["data"]["desc"]
        m = await call(s, "input_audio_data", {"data": "AAAA"})
        assert error_code(m) == "FORBIDDEN", m
        m = await call(s, "get_task")
        assert m["message_type"] == "current_task", m
        await asyncio.sleep(2.1)
        m = await call(s, "set_task", {"pipeline": {"processors": [{"name": "passthrough"}]}})
        assert m["message_type"] == "current_task" and m["data"]["status"] == "running", m

        # pause, then end (rate limited to one per 3 s); task_ended reaches every control socket
        m = await call(p, "pause_task")
        assert m["message_type"] == "current_task" and m["data"]["status"] == "paused", m
        assert error_code(await call(p, "end_task", {"force": True})) == "RATE_LIMITED"
        await asyncio.sleep(3.1)
        await p.send(json.dumps({"message_type": "end_task", "data": {"force": True}}))
        ended_p, ended_s = await reply(p), await reply(s)
        assert ended_p["message_type"] == "task_ended" and ended_p["data"]["force"] is True, ended_p
        assert ended_s["message_type"] == "task_ended", ended_s
        await asyncio.sleep(2.1)
        assert error_code(await call(p, "get_task")) == "NOT_FOUND"

        # a binary frame is refused with 1003
        async with websockets.connect(control_url + "?token=" + pub) as b:
            await b.send(b"\x00\x01")
            try:
                await asyncio.wait_for(b.recv(), 10)
                raise AssertionError("a binary message was accepted")
            except websockets.exceptions.ConnectionClosed as e:
                assert e.rcvd.code == 1003, e
        seen["binaryClose"] = 1003

        # 20 connections per minute per token: the 21st is told so and closed
        for i in range(20):
            async with websockets.connect(control_url + "?token=" + sub2):
                pass
        async with websockets.connect(control_url + "?token=" + sub2) as extra:
            m = await reply(extra)
            assert error_code(m) == "RATE_LIMITED", m
            try:
                await asyncio.wait_for(extra.recv(), 10)
            except websockets.exceptions.ConnectionClosed as e:
                assert e.rcvd.code == 1008, e
        seen["connectionLimit"] = 20

        # deleting the session (still there although its expiry was one second away long ago) ends its control sockets
        req = urllib.request.Request(session_url, method="DELETE", headers={"ClientID": client_id, "ClientSecret": client_secret})
        assert urllib.request.urlopen(req).status == 204
        m = await reply(p)
        assert m["message_type"] == "session_ended", m
        try:
            await asyncio.wait_for(p.recv(), 10)
            raise AssertionError("the socket stayed open")
        except websockets.exceptions.ConnectionClosed as e:
            assert e.rcvd.code == 1000, e
        seen["sessionEnded"] = m["data"]["reason"]
    # the token of an ended session is refused
    try:
        async with websockets.connect(control_url + "?token=" + pub):
            raise AssertionError("connected to an ended session")
    except websockets.exceptions.InvalidStatusCode as e:
        assert e.status_code == 401, e


asyncio.run(main())
print(json.dumps(seen))
