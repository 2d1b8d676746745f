"""`WS /ws`: the per-connection protocol of the live feed (docs/api.md, shared/frames.py).

Each connection has one receive loop (subscribe, unsubscribe, ping), one sender draining
its bounded outbox, and a Subscription per topic. A refused frame gets an `error` frame
and the connection stays; only a client that floods answers it never reads is closed.
Dead peers are found by uvicorn's protocol-level pings (see __main__.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import msgspec
from litestar import WebSocket, websocket
from litestar.exceptions import WebSocketDisconnect
from psycopg_pool import AsyncConnectionPool

from services.read.db.event_filters import topic_filter
from services.read.db.event_reads import Slice, rows_after
from services.read.db.legacy_tokens import resolve
from services.read.feed.hub import Hub
from services.read.feed.outbox import Outbox
from services.read.feed.subscription import Backfill, Subscription
from services.read.routes.dependencies import FeedLimits, Read
from shared.contract.cursor import BadToken, Cursor, LegacyToken, parse_token
from shared.contract.frames import (
    MAX_CLIENT_FRAME_BYTES,
    ClientFrame,
    Error,
    Ping,
    Pong,
    ServerFrame,
    Subscribe,
    Unsubscribe,
)
from shared.contract.topics import BadTopic, check_topic

log = logging.getLogger(__name__)

POLICY_VIOLATION = 1008

_GONE = (OSError, WebSocketDisconnect)
"""What a send to a client that has left raises (uvicorn's ClientDisconnected is an
OSError); anything else is a bug worth logging."""


def pool_backfill(pool: AsyncConnectionPool) -> Backfill:
    """Backfill pages read through the query pool."""

    async def backfill(topic: str, after: Cursor, limit: int) -> Slice:
        async with pool.connection() as conn:
            return await rows_after(conn, topic_filter(topic), after, limit)

    return backfill


class FeedConnection:
    """One client's subscriptions and outgoing frames."""

    _decoder = msgspec.json.Decoder(ClientFrame)

    def __init__(
        self,
        socket: WebSocket[Any, Any, Any],
        hub: Hub,
        pool: AsyncConnectionPool,
        limits: FeedLimits,
    ):
        self._socket = socket
        self._hub = hub
        self._pool = pool
        self._backfill = pool_backfill(pool)
        self._limits = limits
        self._outbox = Outbox(limits.outbox_events)
        self._subscriptions: dict[str, Subscription] = {}

    async def serve(self) -> None:
        """Run until the client goes away (or must be closed)."""
        await self._socket.accept()
        tasks = (
            asyncio.create_task(self._send_loop(), name="ws sender"),
            asyncio.create_task(self._receive_loop(), name="ws receiver"),
        )
        try:
            # Either ends the connection: the client left, or a send failed.
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if (exc := task.exception()) is not None and not isinstance(exc, _GONE):
                    log.error("feed: connection failed", exc_info=exc)
        finally:
            for subscription in self._subscriptions.values():
                subscription.stop()
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _send_loop(self) -> None:
        send = self._socket.send
        while True:
            for frame in await self._outbox.take():
                # The frame is text already, often shared with every other subscriber of
                # its topic: handed to the server as it is (send_data would copy it).
                await send({"type": "websocket.send", "bytes": None, "text": frame})

    async def _receive_loop(self) -> None:
        while True:
            message = await self._socket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text, raw = message.get("text"), message.get("bytes")
            data = text if isinstance(text, str) else raw if isinstance(raw, bytes) else b""
            if self._outbox.controls >= self._limits.unanswered:
                await self._socket.close(POLICY_VIOLATION, "too many unread answers")
                return
            await self._handle(data)

    def _answer(self, frame: ServerFrame) -> None:
        self._outbox.control(msgspec.json.encode(frame))

    async def _handle(self, data: str | bytes) -> None:
        if len(data) > MAX_CLIENT_FRAME_BYTES:
            message = f"frame larger than {MAX_CLIENT_FRAME_BYTES} bytes"
            self._answer(Error("frame_too_large", message))
            return
        try:
            frame = self._decoder.decode(data)
        except msgspec.DecodeError as exc:
            self._answer(Error("bad_frame", f"not a valid frame: {exc}"))
            return
        except UnicodeDecodeError:  # a binary frame whose strings are not UTF-8
            self._answer(Error("bad_frame", "not a valid frame: not UTF-8"))
            return
        if isinstance(frame, Ping):
            self._answer(Pong())
        elif isinstance(frame, Subscribe):
            await self._subscribe(frame)
        else:
            self._unsubscribe(frame)

    async def _subscribe(self, frame: Subscribe) -> None:
        try:
            topic = check_topic(frame.topic)
            token = None if frame.after is None else parse_token(frame.after)
        except (BadTopic, BadToken) as exc:
            code = "bad_topic" if isinstance(exc, BadTopic) else "bad_token"
            self._answer(Error(code, str(exc), topic=frame.topic))
            return
        after = await self._translated(token) if isinstance(token, LegacyToken) else token
        previous = self._subscriptions.pop(topic, None)
        if previous is not None:
            previous.stop()
        elif len(self._subscriptions) >= self._limits.topics:
            message = f"at most {self._limits.topics} topics per connection"
            self._answer(Error("too_many_topics", message, topic=topic))
            return
        if after is None:
            await self._hub.started()
        subscription = Subscription(
            topic,
            self._hub,
            self._outbox,
            self._backfill,
            buffer_limit=self._limits.buffer_events,
        )
        self._subscriptions[topic] = subscription
        subscription.start(after)

    async def _translated(self, token: LegacyToken) -> Cursor:
        """The position an old `<xid>-<id>` token stood for (services/read/db/legacy_tokens.py)."""
        async with self._pool.connection() as conn:
            return await resolve(conn, token)

    def _unsubscribe(self, frame: Unsubscribe) -> None:
        subscription = self._subscriptions.pop(frame.topic, None)
        if subscription is None:
            self._answer(Error("not_subscribed", "not subscribed to this topic", topic=frame.topic))
        else:
            subscription.stop()


@websocket("/ws")
async def feed_socket(socket: WebSocket[Any, Any, Any], read: Read) -> None:
    """The live feed: subscribe to topics, get a backfill, then live events."""
    connection = FeedConnection(socket, read.hub, read.pool, read.limits)
    await connection.serve()
