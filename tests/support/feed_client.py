"""A WebSocket client of `/ws` for tests, on the real `websockets` library.

It records every frame it receives, decoded with the shared frame types, so a test can
assert on what a browser would have seen: events per topic, in order, each once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import websockets
from websockets.asyncio.client import ClientConnection

from shared.contract.events import EventView
from shared.contract.frames import (
    ClientFrame,
    Error,
    Events,
    Resync,
    ServerFrame,
    Subscribe,
    Subscribed,
)
from tests.support.waiting import eventually

_decoder = msgspec.json.Decoder(ServerFrame)


class FeedClient:
    """One connection; `events[topic]` is what arrived for each topic, in arrival order."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.frames: list[ServerFrame] = []
        self.events: defaultdict[str, list[EventView]] = defaultdict(list)
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for message in self.socket:
                frame = _decoder.decode(message)
                self.frames.append(frame)
                if isinstance(frame, Events):
                    self.events[frame.topic].extend(frame.events)

    async def send(self, frame: ClientFrame | dict[str, Any] | str) -> None:
        if isinstance(frame, str):
            await self.socket.send(frame)
        else:
            await self.socket.send(msgspec.json.encode(frame).decode())

    async def subscribe(self, topic: str, after: str | None = None) -> None:
        await self.send(Subscribe(topic=topic, after=after))

    def tokens(self, topic: str) -> list[str]:
        return [event.token for event in self.events[topic]]

    def of_type(self, kind: type[Subscribed | Resync | Error]) -> list[Any]:
        return [frame for frame in self.frames if isinstance(frame, kind)]

    async def wait_subscribed(self, topic: str) -> Subscribed:
        await eventually(
            lambda: any(frame.topic == topic for frame in self.of_type(Subscribed)),
            what=f"subscribed {topic}",
        )
        subscribed: Subscribed = next(f for f in self.of_type(Subscribed) if f.topic == topic)
        return subscribed

    async def wait_tokens(self, topic: str, count: int, within: float = 20.0) -> None:
        await eventually(
            lambda: len(self.events[topic]) >= count,
            within=within,
            what=f"{count} events of {topic} (have {len(self.events[topic])})",
        )

    async def close(self) -> None:
        await self.socket.close()
        await self._reader


@contextlib.asynccontextmanager
async def feed_client(base_url: str, **options: Any) -> AsyncIterator[FeedClient]:
    """Connect to the read service's `/ws` (base_url is its http:// address)."""
    url = base_url.replace("http://", "ws://") + "/ws"
    async with websockets.connect(url, open_timeout=10, **options) as socket:
        client = FeedClient(socket)
        try:
            yield client
        finally:
            await client.close()
