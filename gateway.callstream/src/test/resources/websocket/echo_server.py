# A WebSocket service for WebSocketConnectionTest on Debian's python3-websockets: echoes text, pings the client
# every 0.2 s, closes with 4001 "bye" when asked ("close-me"), and prints each connection's close code.
# Usage: python3 echo_server.py [CERT KEY] ; prints "port N" once listening.
import asyncio, ssl, sys
import websockets

async def handler(ws, path=None):
    try:
        async for message in ws:
            if message == "close-me":
                await ws.close(4001, "bye")
                break
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass
    print("closed", ws.close_code, flush=True)

async def main():
    tls = None
    if len(sys.argv) > 2:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(sys.argv[1], sys.argv[2])
    async with websockets.serve(handler, "127.0.0.1", 0, ssl=tls, ping_interval=0.2, ping_timeout=2, max_size=None) as server:
        print("port", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()

asyncio.run(main())
