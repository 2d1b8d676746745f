"""Everything at once: concurrent writers (some rolling back, some committing out of
order), a tiny outbox and buffer so that resyncs and buffer resets happen all the time,
clients that stall, and subscribers on every kind of topic. Each must end up with
exactly its topic's rows, in feed order, each once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import msgspec
import psycopg
import websockets

from services.read.routes.dependencies import FeedLimits
from shared.contract.enums import SessionStatus
from shared.contract.frames import Events, Resync, ServerFrame, Subscribe
from shared.contract.wire import AgentView, SessionView
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.read_service import Conn, RunningRead
from tests.support.waiting import eventually

SECONDS = 3.0
SEED = int(os.environ.get("PILOTHOUSE_STRESS_SEED", "0"))
"""Vary it to hunt for rare interleavings: PILOTHOUSE_STRESS_SEED=7 pytest ..."""
STATUSES = [SessionStatus.RUNNING, SessionStatus.INTERRUPTED, SessionStatus.QUEUED]
_decoder = msgspec.json.Decoder(ServerFrame)


class Watcher:
    """A client of one topic that may stall between frames (a slow browser tab)."""

    def __init__(self, topic: str, *, stalls: bool, seed: int) -> None:
        self.topic = topic
        self.tokens: list[str] = []
        self.resyncs = 0
        self._stalls = stalls
        self._long = -1
        self._rng = random.Random(seed)

    async def watch(self, url: str) -> None:
        port = int(url.rsplit(":", 1)[1])
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
        sock.connect(("127.0.0.1", port))
        ws_url = url.replace("http://", "ws://") + "/ws"
        async with websockets.connect(ws_url, sock=sock, max_queue=1, max_size=None) as client:
            subscribe = Subscribe(topic=self.topic, after="0")
            await client.send(msgspec.json.encode(subscribe).decode())
            async for message in client:
                frame = _decoder.decode(message)
                if isinstance(frame, Events):
                    self.tokens.extend(event.token for event in frame.events)
                    if self._long < 0 and len(self.tokens) > 20:
                        self._long = len(self.tokens)
                elif isinstance(frame, Resync):
                    self.resyncs += 1
                if self._stalls and (self._rng.random() < 0.02 or len(self.tokens) == self._long):
                    # Short stalls now and then, and one long one: megabytes pile up behind it.
                    await asyncio.sleep(1.0 if len(self.tokens) == self._long else 0.1)


async def _write(
    database: TestDatabase, targets: list[tuple[SessionView, AgentView]], seed: int
) -> None:
    """Random transactions until time is up: 1-30 events, big or small, 1 in 8 rolled back,
    sometimes held open while other writers commit."""
    rng = random.Random(seed)
    deadline = asyncio.get_running_loop().time() + SECONDS
    async with await psycopg.AsyncConnection.connect(database.url) as conn:
        while asyncio.get_running_loop().time() < deadline:
            session, agent = rng.choice(targets)
            size = rng.choice([200, 200, 5_000])
            texts = [("x" * size) + str(n) for n in range(rng.randint(1, 30))]
            await writers.log_many(conn, session, agent, texts)
            if rng.random() < 0.3:
                await asyncio.sleep(rng.random() / 50)
            if rng.random() < 0.125:
                await conn.rollback()
            else:
                await conn.commit()
            if rng.random() < 0.1:
                await writers.set_session_status(conn, session, rng.choice(STATUSES))


@contextlib.asynccontextmanager
async def watching(url: str, watchers: list[Watcher]) -> AsyncIterator[Callable[[], None]]:
    """Run the watchers; yields a check that raises if any of them has failed."""
    tasks = [asyncio.create_task(watcher.watch(url)) for watcher in watchers]

    def healthy() -> None:
        for task in tasks:
            if task.done():
                raise AssertionError("a watcher stopped") from task.exception()

    try:
        yield healthy
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def test_every_subscriber_gets_exactly_its_rows_under_stress(
    database: TestDatabase, start_read: Callable[..., Awaitable[RunningRead]], writer: Conn
) -> None:
    read = await start_read(
        limits=FeedLimits(outbox_events=8, buffer_events=16), send_buffer=16 * 1024
    )
    project = await writers.create_project(writer)
    targets = []
    for _ in range(4):
        session = await writers.create_session(writer, project)
        targets.append((session, await writers.create_agent(writer, session)))
    topics = [f"session:{s.id}" for s, _ in targets] + ["sessions", f"project:{project.id}"]
    watchers = [
        Watcher(topic, stalls=stalls, seed=SEED + n)
        for n, (topic, stalls) in enumerate((t, s) for t in topics for s in (False, True))
    ]
    async with watching(read.url, watchers) as healthy:
        await asyncio.gather(*(_write(database, targets, SEED + seed) for seed in range(3)))
        for session, agent in targets:  # the last word, after everything else
            await writers.set_session_status(writer, session, SessionStatus.COMPLETED)
            await writers.log_text(writer, session, agent, "the end")
        truth: dict[str, list[str]] = {}
        for session, _ in targets:
            truth[f"session:{session.id}"] = await writers.positions(
                writer, "session_id = %s", (session.id,)
            )
        truth["sessions"] = await writers.positions(writer, "kind = 'session_changed'")
        truth[f"project:{project.id}"] = await writers.positions(
            writer,
            "project_id = %s AND kind IN ('project_changed', 'session_changed')",
            (project.id,),
        )

        def complete() -> bool:
            healthy()
            return all(len(w.tokens) >= len(truth[w.topic]) for w in watchers)

        await eventually(complete, within=60, what="every watcher to have its topic's rows")
    for watcher in watchers:
        assert watcher.tokens == truth[watcher.topic], watcher.topic
    assert sum(watcher.resyncs for watcher in watchers) > 0, "no client ever fell behind"
