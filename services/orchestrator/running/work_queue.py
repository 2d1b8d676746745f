"""The durable queue: sessions wait as `queued` rows and workers claim them.

A claim is one transaction: take the oldest queued session with `FOR NO KEY UPDATE
SKIP LOCKED` (so two workers never take the same one), stamp it with this worker's id, mark
it running and start its first agent. Each process runs at most `limit` sessions — and
so agents, one per session — at once. Work is claimed when a command here or a NOTIFY
from another worker says there is some, when a slot frees, and on a slow poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import NOW, Store
from services.orchestrator.running import phases
from services.orchestrator.running.permission_waits import PermissionWaits
from services.orchestrator.running.recovery import recover_orphans
from shared.contract.enums import SessionStatus
from shared.contract.wire import AgentView, SessionView

log = logging.getLogger(__name__)

SessionRunner = Callable[[SessionView, AgentView, int, asyncio.Event], Coroutine[Any, Any, None]]
"""Runs a claimed session from its first agent: (session, agent, worker id, cancel)."""

STOP_TIMEOUT = 30.0
"""Seconds a shutdown waits for running agents to be stopped and recorded."""

_NEXT_QUEUED = """
    SELECT id FROM sessions WHERE status = 'queued'
    ORDER BY created_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED
"""


class Queue:
    """Claims queued sessions for this worker and runs them, at most `limit` at once.

    A limit of 0 makes a process that takes commands but runs no agents itself."""

    def __init__(
        self,
        store: Store,
        run: SessionRunner,
        *,
        worker_id: Callable[[], int],
        limit: int,
        model: str | None = None,
        poll_interval: float = 2.0,
        recovery_interval: float = 10.0,
        waits: PermissionWaits | None = None,
    ) -> None:
        self._store = store
        self._run = run
        self._worker_id = worker_id
        self._limit = max(0, limit)
        self._model = model
        self._poll = poll_interval
        self._recovery_interval = recovery_interval
        self._wakeup = asyncio.Event()
        self._running: dict[int, tuple[asyncio.Task[None], asyncio.Event]] = {}
        self._loop_task: asyncio.Task[None] | None = None
        self.waits = waits or PermissionWaits()
        """Supervised agents of this process waiting for answers."""

    @property
    def running(self) -> int:
        """Sessions (each with one agent) running in this process now."""
        return len(self._running)

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._loop(), name="queue")

    async def stop(self) -> None:
        """Stop claiming; interrupt running sessions (they are recorded as interrupted)."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            await asyncio.gather(self._loop_task, return_exceptions=True)
        self.abort_all()
        tasks = [task for task, _ in self._running.values()]
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_TIMEOUT)

    def wake(self) -> None:
        self._wakeup.set()

    def cancel_local(self, session_id: int) -> bool:
        """Tell the session's pipeline to look for a cancel now, if it runs here (it stops
        the agent when the database says the agent was cancelled)."""
        entry = self._running.get(session_id)
        if entry is None:
            return False
        entry[1].set()
        return True

    def answered(self, request_id: int) -> None:
        self.waits.wake(request_id)

    def abort_all(self) -> None:
        """Interrupt every session running here (shutdown, or the liveness lock was lost)."""
        for task, _ in self._running.values():
            task.cancel()

    async def _loop(self) -> None:
        loop = asyncio.get_running_loop()
        next_recovery = loop.time()
        while True:
            self._wakeup.clear()
            try:
                if loop.time() >= next_recovery:
                    await recover_orphans(self._store, self._worker_id())
                    next_recovery = loop.time() + self._recovery_interval
                await self._fill()
            except Exception:
                log.exception("claiming queued sessions failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), self._poll)

    async def _fill(self) -> None:
        while len(self._running) < self._limit:
            claimed = await self.claim()
            if claimed is None:
                return
            self._spawn(*claimed)

    async def claim(self) -> tuple[SessionView, AgentView, int] | None:
        """Claim the oldest queued session and start its first agent; None if none waits."""
        worker_id = self._worker_id()
        while True:
            async with self._store.unit() as uow:
                row = await uow.fetch_optional(_NEXT_QUEUED)
                if row is None:
                    return None
                session = await lookups.session_by_id(uow, row["id"])
                changes: dict[str, object] = {
                    "status": SessionStatus.RUNNING.value,
                    "worker_id": worker_id,
                }
                if session.started_at is None:
                    changes["started_at"] = NOW
                agent = await phases.advance(
                    uow, session, model=self._model, session_changes=changes
                )
            if agent is not None:
                return session, agent, worker_id
            # Nothing left to run (e.g. a resumed session whose phases are all done):
            # the claim closed it; look for the next one.

    def _spawn(self, session: SessionView, agent: AgentView, worker_id: int) -> None:
        cancel = asyncio.Event()
        task = asyncio.create_task(
            self._run(session, agent, worker_id, cancel), name=f"session-{session.id}"
        )
        self._running[session.id] = (task, cancel)
        task.add_done_callback(lambda done: self._finished(session.id, done))

    def _finished(self, session_id: int, task: asyncio.Task[None]) -> None:
        self._running.pop(session_id, None)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.error("session %s stopped on an error", session_id, exc_info=error)
        self.wake()
