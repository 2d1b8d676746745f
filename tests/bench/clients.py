"""WebSocket clients for benchmarks: many connections on one topic, each counting the
events it receives and, optionally, when each one arrived."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import msgspec
import websockets
from websockets.asyncio.client import ClientConnection

from shared.contract.frames import Subscribe


class _Id(msgspec.Struct):
    id: int


class _Frame(msgspec.Struct):
    """Just enough of a server frame to count and time its events (the rest is skipped)."""

    type: str
    events: list[_Id] = []


_decode = msgspec.json.Decoder(_Frame).decode


class Subscriber:
    """One connection: events received, and arrival times by event id if `timed`."""

    def __init__(self, socket: ClientConnection, *, timed: bool) -> None:
        self.socket = socket
        self.count = 0
        self.resyncs = 0
        self.arrivals: dict[int, float] | None = {} if timed else None
        self.subscribed = asyncio.Event()

    async def run(self) -> None:
        arrivals = self.arrivals
        with contextlib.suppress(websockets.ConnectionClosed):
            async for message in self.socket:
                now = time.perf_counter()
                frame = _decode(message)
                if frame.type == "subscribed":
                    self.subscribed.set()
                elif frame.type == "resync":
                    self.resyncs += 1
                self.count += len(frame.events)
                if arrivals is not None:
                    for event in frame.events:
                        arrivals[event.id] = now


@contextlib.asynccontextmanager
async def connected(
    ws_url: str, count: int, *, timed: bool = False
) -> AsyncIterator[list[Subscriber]]:
    """`count` open connections to `ws_url`, each reading and counting events."""
    async with contextlib.AsyncExitStack() as stack:
        clients: list[Subscriber] = []
        for _ in range(count):
            socket = await stack.enter_async_context(
                websockets.connect(ws_url, max_size=None, compression=None, open_timeout=30)
            )
            clients.append(Subscriber(socket, timed=timed))
        tasks = [asyncio.create_task(client.run()) for client in clients]
        try:
            yield clients
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def subscribers(
    base_url: str, count: int, topic: str, *, timed: bool = False
) -> AsyncIterator[list[Subscriber]]:
    """`count` connections to the read service, each live-subscribed to `topic`."""
    ws_url = base_url.replace("http://", "ws://") + "/ws"
    async with connected(ws_url, count, timed=timed) as clients:
        subscribe = msgspec.json.encode(Subscribe(topic=topic)).decode()
        for client in clients:
            await client.socket.send(subscribe)
        for client in clients:
            await asyncio.wait_for(client.subscribed.wait(), 30)
        yield clients


async def until(check: Callable[[], bool], within: float) -> bool:
    """Poll `check` every millisecond for up to `within` seconds; True if it held."""
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        if check():
            return True
        await asyncio.sleep(0.001)
    return bool(check())
