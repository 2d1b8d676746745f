"""WebSocket clients for benchmarks: many connections, each counting the frames and
events it receives and checking them as it goes (in feed order, none twice), and,
optionally, when each event arrived or the frames themselves."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

import msgspec
import websockets
from websockets.asyncio.client import ClientConnection

from shared.contract.frames import Subscribe


class _Event(msgspec.Struct):
    position: int


class _Frame(msgspec.Struct):
    """Just enough of a server frame to count, check and time its events."""

    type: str
    events: list[_Event] = []


_decode = msgspec.json.Decoder(_Frame).decode


class Subscriber:
    """One connection: frames and events received, and events that came out of order or
    twice (`wrong`). With `timed`, arrival times by position; with `keep`, the events
    frames as received."""

    def __init__(self, socket: ClientConnection, *, timed: bool, keep: bool) -> None:
        self.socket = socket
        self.count = 0
        self.frames = 0
        self.last = 0
        self.wrong = 0
        self.resyncs = 0
        self.arrivals: dict[int, float] | None = {} if timed else None
        self.kept: list[str] | None = [] if keep else None
        self.subscribed = asyncio.Event()

    def reset(self) -> None:
        """Start counting afresh (for the next repeat); order is still checked across."""
        self.count = self.frames = self.wrong = self.resyncs = 0
        if self.kept is not None:
            self.kept.clear()

    async def run(self) -> None:
        arrivals = self.arrivals
        with contextlib.suppress(websockets.ConnectionClosed):
            async for message in self.socket:
                now = time.perf_counter()
                frame = _decode(message)
                if frame.type == "subscribed":
                    self.subscribed.set()
                    continue
                if frame.type == "resync":
                    self.resyncs += 1
                    continue
                if frame.type != "events":
                    continue
                self.frames += 1
                if self.kept is not None:
                    self.kept.append(str(message))
                for event in frame.events:
                    if event.position <= self.last:
                        self.wrong += 1
                    else:
                        self.last = event.position
                    if arrivals is not None:
                        arrivals[event.position] = now
                self.count += len(frame.events)


@contextlib.asynccontextmanager
async def connected(
    ws_url: str, count: int, *, timed: bool = False, keep: int = 0
) -> AsyncIterator[list[Subscriber]]:
    """`count` open connections to `ws_url`, each reading and counting events; the first
    `keep` of them also keep the frames they receive."""
    async with contextlib.AsyncExitStack() as stack:
        clients: list[Subscriber] = []
        for n in range(count):
            socket = await stack.enter_async_context(
                websockets.connect(ws_url, max_size=None, compression=None, open_timeout=60)
            )
            clients.append(Subscriber(socket, timed=timed, keep=n < keep))
        tasks = [asyncio.create_task(client.run()) for client in clients]
        try:
            yield clients
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


@contextlib.asynccontextmanager
async def subscribers(
    base_url: str, count: int, topic: str, *, timed: bool = False, keep: int = 0
) -> AsyncIterator[list[Subscriber]]:
    """`count` connections to the read service, each live-subscribed to `topic`."""
    ws_url = base_url.replace("http://", "ws://") + "/ws"
    async with connected(ws_url, count, timed=timed, keep=keep) as clients:
        subscribe = msgspec.json.encode(Subscribe(topic=topic)).decode()
        for client in clients:
            await client.socket.send(subscribe)
        for client in clients:
            await asyncio.wait_for(client.subscribed.wait(), 60)
        yield clients


async def until(check: Callable[[], bool], within: float) -> bool:
    """Poll `check` every millisecond for up to `within` seconds; True if it held."""
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        if check():
            return True
        await asyncio.sleep(0.001)
    return bool(check())


def wrong_deliveries(clients: list[Subscriber], expected: int) -> int:
    """Events each client should have had (`expected` in all) but did not, or had twice or
    out of order, summed over the clients."""
    return sum(abs(expected - client.count) + client.wrong for client in clients)
