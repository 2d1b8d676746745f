"""The bare baseline of fan-out: a plain `websockets` server that broadcasts frames to
every connected client, nothing else, on uvloop like the read service.

`python -m tests.bench.bare_broadcast PORT`: clients connect to ws://127.0.0.1:PORT/. A
control client loads frames (each text message starting with `{` is one frame, kept as
is), then sends `go`: the server broadcasts every loaded frame, in order, to all the
other connections and answers `done`. The frames are the very frames the read service
sent in the same run (bench_fanout.py), so both send the same events per frame, the
same bytes. Its imports are kept to what it needs: its memory is a baseline too.
"""

from __future__ import annotations

import asyncio
import sys

import uvloop
import websockets
from websockets.asyncio.server import ServerConnection, broadcast, serve


async def main(port: int) -> None:
    audience: set[ServerConnection] = set()

    async def handler(connection: ServerConnection) -> None:
        audience.add(connection)
        loaded: list[str] = []
        try:
            async for message in connection:
                text = str(message)
                if text.startswith("{"):
                    loaded.append(text)
                elif text == "go":
                    others = audience - {connection}
                    for frame in loaded:
                        broadcast(others, frame)
                        await asyncio.sleep(0)  # let the transports write
                    loaded.clear()
                    await connection.send("done")
                elif text == "ping":
                    await connection.send("pong")
        except websockets.ConnectionClosed:
            pass
        finally:
            audience.discard(connection)

    async with serve(handler, "127.0.0.1", port, compression=None, max_size=None):
        await asyncio.Future()


if __name__ == "__main__":
    uvloop.run(main(int(sys.argv[1])))
