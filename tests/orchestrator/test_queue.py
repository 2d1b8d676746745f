"""The durable queue: SKIP LOCKED claims never hand one session to two workers, and each
worker keeps to its limit. The agent run is replaced by a probe that records overlap."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from services.orchestrator.agents.outcome import RunOutcome
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running import phases
from services.orchestrator.running.liveness import Worker
from services.orchestrator.running.work_queue import Queue
from shared.contract.enums import AgentStatus
from shared.contract.wire import AgentView, SessionView, Usage
from tests.support import factories
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.waiting import eventually

SESSIONS = 24
LIMIT = 2


class Probe:
    """Stands in for the pipeline: holds the session a moment, then completes its agent."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.claims: list[tuple[int, int]] = []
        self.running: Counter[int] = Counter()
        self.most: Counter[int] = Counter()

    async def run(
        self, session: SessionView, agent: AgentView, worker_id: int, _: asyncio.Event
    ) -> None:
        self.claims.append((worker_id, session.id))
        self.running[worker_id] += 1
        self.most[worker_id] = max(self.most[worker_id], self.running[worker_id])
        await asyncio.sleep(0.03)  # the work itself: long enough for claims to overlap
        self.running[worker_id] -= 1
        ended = phases.Ended(agent.id, RunOutcome(AgentStatus.COMPLETED, Usage(turns=1)))
        async with self.store.unit() as uow:
            locked = await lookups.session_by_id(uow, session.id, lock=True)
            assert await phases.advance(uow, locked, ended=ended) is None


async def _worker(stack: AsyncExitStack, database: TestDatabase, probe: Probe) -> Queue:
    store = Store(database.url)
    await store.open()
    stack.push_async_callback(store.close)
    holder: list[Worker] = []
    queue = Queue(store, probe.run, worker_id=lambda: holder[0].id, limit=LIMIT, poll_interval=0.2)
    worker = Worker(
        database.url, on_queue=queue.wake, on_cancel=queue.cancel_local, on_lost=queue.abort_all
    )
    holder.append(worker)
    await worker.start()
    stack.push_async_callback(worker.stop)
    queue.start()
    stack.push_async_callback(queue.stop)
    return queue


async def test_two_workers_share_the_queue_without_overlap(
    store: Store, database: TestDatabase, tmp_path: Path
) -> None:
    project = await factories.project(store, tmp_path)
    for number in range(SESSIONS):
        await factories.session(store, project.id, f"s{number}")
    probe = Probe(store)
    async with AsyncExitStack() as stack:
        await _worker(stack, database, probe)
        await _worker(stack, database, probe)

        async def all_done() -> bool:
            found = await rows(
                database.url, "SELECT count(*) AS n FROM sessions WHERE status = 'completed'"
            )
            return bool(found[0]["n"] == SESSIONS)

        await eventually(all_done, within=60)

    claimed = [session for _, session in probe.claims]
    assert sorted(claimed) == sorted(set(claimed))
    assert len(claimed) == SESSIONS
    assert len({worker for worker, _ in probe.claims}) == 2
    assert max(probe.most.values()) <= LIMIT
    agents = await rows(database.url, "SELECT session_id, count(*) AS n FROM agents GROUP BY 1")
    assert {row["n"] for row in agents} == {1}
    workers = await rows(database.url, "SELECT DISTINCT worker_id FROM sessions")
    assert len(workers) == 2


async def test_limit_zero_claims_nothing(
    store: Store, database: TestDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = await factories.project(store, tmp_path)
    await factories.session(store, project.id, "waits")
    probe = Probe(store)
    queue = Queue(store, probe.run, worker_id=lambda: 7, limit=0, poll_interval=0.05)
    # Synchronize on the queue's own rounds: each one is where it would claim.
    rounds: list[None] = []
    fill = queue._fill

    async def counted_fill() -> None:
        await fill()
        rounds.append(None)

    monkeypatch.setattr(queue, "_fill", counted_fill)
    queue.start()
    queue.wake()
    await eventually(lambda: len(rounds) >= 3, within=20, what="three claiming rounds")
    await queue.stop()
    assert probe.claims == []
    assert (await rows(database.url, "SELECT status FROM sessions"))[0]["status"] == "queued"
