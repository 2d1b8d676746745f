"""A client that stops reading overflows its bounded queue, is told to resync, and then
catches up from the database: every event arrives once, in order, with no action by it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import msgspec
import pytest
import websockets

from services.read.feed.subscription import Subscription
from services.read.routes.dependencies import FeedLimits
from shared.contract.frames import Events, Resync, ServerFrame, Subscribe, Subscribed
from tests.support import writers
from tests.support.read_service import Conn, RunningRead

BIG_TEXT = "x" * 32_000
TRANSACTIONS = 30
EVENTS_PER_TRANSACTION = 10


def _tiny_receive_window(url: str) -> socket.socket:
    """A connected socket with a fixed receive buffer, so a client that does not read
    pushes back on the server after a few MB (the server's send buffer) rather than after
    the tens of MB the kernel would otherwise let a loopback connection buffer."""
    parts = urlsplit(url)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 * 1024)
    sock.connect((parts.hostname or "127.0.0.1", parts.port or 80))
    return sock


async def test_slow_client_is_resynced_and_catches_up(
    start_read: Callable[..., Awaitable[RunningRead]], writer: Conn, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = await start_read(limits=FeedLimits(outbox_events=4))
    fell_behind = asyncio.Event()
    fall_behind = Subscription._fall_behind

    def noted(subscription: Subscription) -> None:
        fall_behind(subscription)
        fell_behind.set()

    monkeypatch.setattr(Subscription, "_fall_behind", noted)
    session, agent = await writers.new_session(writer)
    topic = f"session:{session.id}"

    async with websockets.connect(
        read.url.replace("http://", "ws://") + "/ws",
        sock=_tiny_receive_window(read.url),
        max_queue=1,
        max_size=None,
    ) as client:
        await client.send(msgspec.json.encode(Subscribe(topic=topic, after="0")).decode())
        # The client reads nothing while ~10 MB of events are committed.
        for _ in range(TRANSACTIONS):
            async with writer.transaction():
                await writers.log_many(writer, session, agent, [BIG_TEXT] * EVENTS_PER_TRANSACTION)
        await writers.log_text(writer, session, agent, "the end")
        truth = await writers.positions(writer, "session_id = %s", (session.id,))
        # The server runs into the full socket and tells this client to resync.
        await asyncio.wait_for(fell_behind.wait(), timeout=60)

        frames: list[ServerFrame] = []
        tokens: list[str] = []
        decoder = msgspec.json.Decoder(ServerFrame)

        def caught_up() -> bool:
            # Every event, and the `subscribed` that ends the last catch-up (then live).
            last_resync = max((i for i, f in enumerate(frames) if isinstance(f, Resync)), default=0)
            return len(tokens) >= len(truth) and any(
                isinstance(frame, Subscribed) for frame in frames[last_resync:]
            )

        async with asyncio.timeout(60):
            while not caught_up():
                frame = decoder.decode(await client.recv())
                frames.append(frame)
                if isinstance(frame, Events):
                    tokens.extend(event.token for event in frame.events)

    resyncs = [frame for frame in frames if isinstance(frame, Resync)]
    assert resyncs, "the client never fell behind: the test did not exercise overflow"
    assert all(resync.topic == topic for resync in resyncs)
    assert tokens == truth
    # The resync names the last token the client was sent: it is in what arrived before it.
    first = frames.index(resyncs[0])
    sent_before = [e.token for f in frames[:first] if isinstance(f, Events) for e in f.events]
    assert resyncs[0].token == (sent_before[-1] if sent_before else "0")
