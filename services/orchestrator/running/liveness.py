"""This process's identity among the orchestrators sharing one database.

Each process picks a random worker id and holds a session-level advisory lock on it over
a dedicated connection for as long as it lives; sessions it claims carry that id. The
lock is how others tell a live worker from a dead one: if they can take it, its holder
is gone (a SIGKILLed process's connection closes, and PostgreSQL drops its locks at
once). The same connection LISTENs for control messages between workers: "queue"
(work was queued) and "cancel:<session id>".
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable

import psycopg
from psycopg import AsyncConnection

log = logging.getLogger(__name__)

CONTROL_CHANNEL = "pilothouse_control"
LOCK_NAMESPACE = 0x50484F52
"""First key of every worker's advisory lock (`pg_advisory_lock(LOCK_NAMESPACE, id)`)."""

RECONNECT_DELAY = 1.0


def cancel_message(session_id: int) -> str:
    return f"cancel:{session_id}"


def new_worker_id() -> int:
    """A random positive int4 (the advisory lock's second key)."""
    return secrets.randbelow(2**31 - 2) + 1


class Worker:
    """Holds the liveness lock and forwards control messages to callbacks."""

    def __init__(
        self,
        url: str,
        *,
        on_queue: Callable[[], None],
        on_cancel: Callable[[int], object],
        on_lost: Callable[[], None],
    ) -> None:
        self._url = url
        self._on_queue = on_queue
        self._on_cancel = on_cancel
        self._on_lost = on_lost
        self.id = 0
        self._conn: AsyncConnection[tuple[object, ...]] | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Take a worker id and its lock; start listening."""
        await self._connect()
        self._task = asyncio.create_task(self._listen(), name=f"worker-{self.id}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._conn is not None:
            await self._conn.close()

    async def _connect(self) -> None:
        conn = await AsyncConnection.connect(self._url, autocommit=True)
        while True:
            candidate = new_worker_id()
            cursor = await conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, candidate)
            )
            row = await cursor.fetchone()
            if row is not None and row[0]:
                break
        await conn.execute(f"LISTEN {CONTROL_CHANNEL}")
        self.id, self._conn = candidate, conn
        log.info("orchestrator worker %s holds its liveness lock", candidate)

    async def _listen(self) -> None:
        while True:
            assert self._conn is not None
            try:
                async for note in self._conn.notifies():
                    self._dispatch(note.payload)
            except psycopg.OperationalError:
                log.warning("worker %s lost its database connection; rejoining", self.id)
            # Without the lock other workers take this one for dead and interrupt its
            # sessions, so its agents must stop too; it rejoins under a new id.
            self._on_lost()
            await self._reconnect()

    async def _reconnect(self) -> None:
        if self._conn is not None:
            await self._conn.close()
        while True:
            try:
                await self._connect()
            except psycopg.OperationalError:
                await asyncio.sleep(RECONNECT_DELAY)
            else:
                self._on_queue()
                return

    def _dispatch(self, payload: str) -> None:
        if payload == "queue":
            self._on_queue()
        elif payload.startswith("cancel:") and payload[7:].isdigit():
            self._on_cancel(int(payload[7:]))
