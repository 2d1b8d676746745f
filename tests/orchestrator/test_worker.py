"""The worker's liveness lock and control channel, including losing its connection."""

from __future__ import annotations

import asyncio

import psycopg

from services.orchestrator.running.liveness import CONTROL_CHANNEL, LOCK_NAMESPACE, Worker
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.waiting import eventually


async def _holder(database: TestDatabase, worker_id: int) -> list[dict[str, object]]:
    return await rows(
        database.url,
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND classid = %s AND objid = %s",
        (LOCK_NAMESPACE, worker_id),
    )


async def test_lock_messages_and_rejoining_after_a_lost_connection(database: TestDatabase) -> None:
    queued: list[int] = []
    cancels: list[int] = []
    lost = asyncio.Event()
    worker = Worker(
        database.url,
        on_queue=lambda: queued.append(1),
        on_cancel=cancels.append,
        on_lost=lost.set,
    )
    await worker.start()
    try:
        first = worker.id
        (holder,) = await _holder(database, first)
        with psycopg.connect(database.url, autocommit=True) as conn:
            assert conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, first)
            ).fetchone() == (False,)
            conn.execute("SELECT pg_notify(%s, 'cancel:42')", (CONTROL_CHANNEL,))
            conn.execute("SELECT pg_notify(%s, 'queue')", (CONTROL_CHANNEL,))
            conn.execute("SELECT pg_notify(%s, 'cancel:not-a-number')", (CONTROL_CHANNEL,))
        await eventually(lambda: _settled(cancels, queued), within=10)
        assert cancels == [42]

        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (holder["pid"],))
        await asyncio.wait_for(lost.wait(), 30)
        await eventually(lambda: _rejoined(database, worker, first), within=30)
        # The old id is free for others to see as dead; the new one is held.
        with psycopg.connect(database.url, autocommit=True) as conn:
            assert conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_NAMESPACE, first)
            ).fetchone() == (True,)
            conn.execute("SELECT pg_notify(%s, 'cancel:7')", (CONTROL_CHANNEL,))
        await eventually(lambda: _settled(cancels[1:], [1]), within=10)
        assert cancels == [42, 7]
    finally:
        await worker.stop()
    assert await _holder(database, worker.id) == []


async def _settled(cancels: list[int], queued: list[int]) -> bool:
    return bool(cancels) and bool(queued)


async def _rejoined(database: TestDatabase, worker: Worker, old: int) -> bool:
    return worker.id != old and bool(await _holder(database, worker.id))
