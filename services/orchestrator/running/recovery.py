"""Start-up (and periodic) recovery: work left `running` by a dead worker is marked so.

A running session belongs to the worker whose id it carries. If that worker's advisory
lock can be taken, the worker is gone: its agents are marked `interrupted` (resumable
with their stored Claude session ids) and so is the session — or `cancelled`, when a
cancel had been recorded before the worker died. Queued work is left for any worker.
"""

from __future__ import annotations

import logging

from services.orchestrator.db import lookups, permissions
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import NOW, Store, UnitOfWork
from services.orchestrator.running.liveness import LOCK_NAMESPACE
from services.orchestrator.running.phases import ENDINGS, marker
from shared.contract.enums import AgentStatus, EventKind, SessionStatus
from shared.contract.payloads import ErrorPayload
from shared.contract.wire import AgentView, SessionView

log = logging.getLogger(__name__)

LOST_WORKER = "the orchestrator process running this agent stopped"

_ORPHANS = """
    SELECT s.id
    FROM sessions s
    WHERE s.status = 'running'
      AND s.worker_id IS DISTINCT FROM %(me)s
      AND (s.worker_id IS NULL OR pg_try_advisory_xact_lock(%(ns)s, s.worker_id::int))
    ORDER BY s.id
    FOR NO KEY UPDATE OF s SKIP LOCKED
"""


async def recover_orphans(store: Store, me: int) -> list[int]:
    """Mark the sessions of dead workers interrupted (or cancelled); their ids."""
    async with store.unit() as uow:
        rows = await uow.fetch_all(_ORPHANS, {"me": me, "ns": LOCK_NAMESPACE})  # type: ignore[arg-type]
        recovered = [row["id"] for row in rows]
        for session_id in recovered:
            await _interrupt(uow, await lookups.session_by_id(uow, session_id), LOST_WORKER)
    if recovered:
        log.warning("marked sessions %s of stopped workers as interrupted", recovered)
    return recovered


async def abandon(store: Store, session_id: int, worker_id: int, reason: str) -> None:
    """Mark a session this worker claimed but can no longer run as interrupted."""
    async with store.unit() as uow:
        session = await lookups.owned_session(uow, session_id, worker_id)
        if session is not None:
            await _interrupt(uow, session, reason)


async def _interrupt(uow: UnitOfWork, session: SessionView, reason: str) -> None:
    cancelled = False
    for agent in await lookups.agents_of(uow, session.id, lock=True):
        if agent.status is AgentStatus.CANCELLED and agent.finished_at is None:
            cancelled = True
            await _stop_agent(uow, session, agent, AgentStatus.CANCELLED, None)
        elif agent.status is AgentStatus.RUNNING:
            await _stop_agent(uow, session, agent, AgentStatus.INTERRUPTED, reason)
    # The agent that waited for an answer is gone: resuming it asks again.
    await permissions.interrupt_pending(uow, session.id, reason)
    status = SessionStatus.CANCELLED if cancelled else SessionStatus.INTERRUPTED
    await uow.update(
        SessionView,
        session.id,
        {"status": status.value, "error": None if cancelled else reason, "finished_at": NOW},
    )


async def _stop_agent(
    uow: UnitOfWork,
    session: SessionView,
    agent: AgentView,
    status: AgentStatus,
    error: str | None,
) -> None:
    await uow.update(
        AgentView, agent.id, {"status": status.value, "error": error, "finished_at": NOW}
    )
    scope = AgentScope(session.project_id, session.id, agent.id)
    rows = [marker(scope, agent.kind, ENDINGS[status])]
    if error:
        rows.insert(0, scope.row(EventKind.ERROR, ErrorPayload(message=error)))
    await uow.append_log(rows)
