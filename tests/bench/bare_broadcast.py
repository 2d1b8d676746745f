"""The bare baseline of fan-out: a plain `websockets` server that broadcasts messages to
every connected client, one WebSocket message per event, nothing else.

`python -m tests.bench.bare_broadcast PORT`: clients connect to ws://127.0.0.1:PORT/;
a client that sends `go <count>` makes the server broadcast `count` copies of a typical
`events` frame (one event each) to all the others, as fast as websockets allows.
Its imports are kept to what it needs: its memory is a baseline too (bench_memory.py).
"""

from __future__ import annotations

import asyncio
import sys

import msgspec
import websockets
from websockets.asyncio.server import ServerConnection, broadcast, serve

from shared.contract.events import EventView
from shared.contract.frames import Events


def sample_frame(event: EventView) -> str:
    """What one live event looks like on the wire: the bare server sends this."""
    return msgspec.json.encode(Events(topic=f"session:{event.session_id}", events=[event])).decode()


async def main(port: int) -> None:
    audience: set[ServerConnection] = set()

    async def handler(connection: ServerConnection) -> None:
        audience.add(connection)
        try:
            async for message in connection:
                command, _, argument = str(message).partition(" ")
                if command == "go":
                    count, frame = argument.split(" ", 1)
                    others = audience - {connection}
                    for n in range(int(count)):
                        broadcast(others, frame)
                        if n % 100 == 99:
                            await asyncio.sleep(0)  # let the transports write
                    await connection.send("done")
        except websockets.ConnectionClosed:
            pass
        finally:
            audience.discard(connection)

    async with serve(handler, "127.0.0.1", port, compression=None, max_size=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
