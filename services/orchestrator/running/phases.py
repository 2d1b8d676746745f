"""How a session moves from one agent to the next, one transaction per move.

`advance` runs in the transaction that claims a session or ends its current agent: it
records how the agent ended, then starts the next agent or closes the session. So a
running session always has exactly one running agent, and a cancel always finds it.

What comes next (`next_step`): agents queued by commands (resume, retry, debug,
resolve) first; then, if the last pipeline agent completed, the phase after it;
otherwise the session stops with that agent's outcome. A round (resolve) is outside the
pipeline's order: when it completes the session stops as its phases left it, when it
fails the session fails. A session that ran to the end with changes on its branch stops
`awaiting_review` rather than `completed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from services.orchestrator.agents.outcome import RunOutcome
from services.orchestrator.agents.prompts import task_prompt
from services.orchestrator.db import lookups
from services.orchestrator.db.log_rows import AgentScope, LogRow
from services.orchestrator.db.unit_of_work import NOW, UnitOfWork
from services.orchestrator.running.budget import exhausted
from shared.contract.enums import PIPELINE, AgentKind, AgentStatus, EventKind, SessionStatus
from shared.contract.payloads import PhasePayload
from shared.contract.wire import AgentView, SessionView

PhaseState = Literal["started", "completed", "failed", "cancelled", "interrupted"]

ENDINGS: dict[AgentStatus, PhaseState] = {
    AgentStatus.COMPLETED: "completed",
    AgentStatus.FAILED: "failed",
    AgentStatus.CANCELLED: "cancelled",
    AgentStatus.INTERRUPTED: "interrupted",
}

SESSION_ENDINGS = {
    AgentStatus.FAILED: SessionStatus.FAILED,
    AgentStatus.CANCELLED: SessionStatus.CANCELLED,
    AgentStatus.INTERRUPTED: SessionStatus.INTERRUPTED,
}

_TOTALS = """
    SELECT coalesce(sum(cost_usd), 0) AS cost_usd,
           coalesce(sum(input_tokens), 0)::bigint AS input_tokens,
           coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
           coalesce(sum(cache_read_tokens), 0)::bigint AS cache_read_tokens,
           coalesce(sum(cache_creation_tokens), 0)::bigint AS cache_creation_tokens,
           coalesce(sum(turns), 0)::bigint AS turns
    FROM agents WHERE session_id = %s
"""


@dataclass(frozen=True)
class Ended:
    """How one agent run ended, as the runner saw it."""

    agent_id: int
    outcome: RunOutcome


@dataclass(frozen=True)
class Run:
    agent: AgentView


@dataclass(frozen=True)
class Begin:
    kind: AgentKind


@dataclass(frozen=True)
class Close:
    status: SessionStatus
    error: str | None = None


Step = Run | Begin | Close


def next_step(phases: list[AgentKind], agents: list[AgentView], ended: AgentView | None) -> Step:
    """What the session does next, given its agents (oldest first) after `ended` ended."""
    if ended is not None and ended.status is AgentStatus.CANCELLED:
        return Close(SessionStatus.CANCELLED)
    if ended is not None and ended.status is AgentStatus.INTERRUPTED:
        # This process is stopping: start nothing new.
        return Close(SessionStatus.INTERRUPTED, ended.error)
    queued = [agent for agent in agents if agent.status is AgentStatus.QUEUED]
    if queued:
        return Run(queued[0])
    if ended is not None and ended.round is not None and ended.status is not AgentStatus.COMPLETED:
        return Close(SESSION_ENDINGS.get(ended.status, SessionStatus.FAILED), ended.error)
    pipeline = [agent for agent in agents if agent.kind in PIPELINE and agent.round is None]
    last = pipeline[-1] if pipeline else None
    if last is not None and last.status is not AgentStatus.COMPLETED:
        return Close(SESSION_ENDINGS.get(last.status, SessionStatus.FAILED), last.error)
    if last is None:
        position = 0
    else:
        position = phases.index(last.kind) + 1 if last.kind in phases else len(phases)
    return Begin(phases[position]) if position < len(phases) else Close(SessionStatus.COMPLETED)


def marker(scope: AgentScope, kind: AgentKind, state: PhaseState) -> LogRow:
    """The log entry saying a phase (agent) started or ended."""
    return scope.row(
        EventKind.PHASE, PhasePayload(phase=kind, state=state, agent_id=scope.agent_id)
    )


async def finish_agent(uow: UnitOfWork, session: SessionView, ended: Ended) -> AgentView:
    """Record an agent's end; a cancel recorded meanwhile wins over its own outcome."""
    current = await lookups.agent(uow, ended.agent_id, lock=True)
    assert current is not None
    outcome = ended.outcome
    cancelled = current.status is AgentStatus.CANCELLED
    status = AgentStatus.CANCELLED if cancelled else outcome.status
    usage = outcome.usage
    agent = await uow.update(
        AgentView,
        ended.agent_id,
        {
            "status": status.value,
            "claude_session_id": outcome.claude_session_id or current.claude_session_id,
            "model": outcome.model or current.model,
            "cost_usd": usage.cost_usd,
            "input_tokens": usage.input_tokens,
            "output_tokens": usage.output_tokens,
            "cache_read_tokens": usage.cache_read_tokens,
            "cache_creation_tokens": usage.cache_creation_tokens,
            "turns": usage.turns,
            "duration_ms": outcome.duration_ms,
            "error": None if cancelled else outcome.error,
            "finished_at": NOW,
        },
    )
    assert agent is not None
    scope = AgentScope(session.project_id, session.id, agent.id)
    await uow.append_log([marker(scope, agent.kind, ENDINGS[status])])
    return agent


async def advance(
    uow: UnitOfWork,
    session: SessionView,
    *,
    ended: Ended | None = None,
    model: str | None = None,
    session_changes: dict[str, Any] | None = None,
) -> AgentView | None:
    """End the current agent (if any), then start the next one or close the session.

    `session` must be locked by this transaction. Returns the agent to run now, or None
    when the session has stopped."""
    changes = dict(session_changes or {})
    ended_agent = await finish_agent(uow, session, ended) if ended is not None else None
    if ended_agent is not None:
        changes.update(await uow.fetch_one(_TOTALS, [session.id]))
    step = next_step(session.phases, await lookups.agents_of(uow, session.id), ended_agent)
    over = exhausted(session, changes.get("cost_usd", session.cost_usd))
    failing = isinstance(step, Close) and step.status is SessionStatus.FAILED
    if over is not None and (isinstance(step, Begin) or failing):
        step = Close(SessionStatus.FAILED, over)
    agent: AgentView | None = None
    if isinstance(step, Close):
        status = step.status
        changed = changes.get("files_changed", session.files_changed)
        if status is SessionStatus.COMPLETED and session.isolated and changed:
            status = SessionStatus.AWAITING_REVIEW
        changes.update(status=status.value, error=step.error, finished_at=NOW)
        if status in (SessionStatus.COMPLETED, SessionStatus.AWAITING_REVIEW):
            changes["current_phase"] = None
    else:
        agent = await _start(uow, session, step, model)
        changes["current_phase"] = agent.kind.value
    await uow.update(SessionView, session.id, changes)
    return agent


async def _start(
    uow: UnitOfWork, session: SessionView, step: Run | Begin, model: str | None
) -> AgentView:
    if isinstance(step, Run):
        started = await uow.update(
            AgentView, step.agent.id, {"status": AgentStatus.RUNNING.value, "started_at": NOW}
        )
        assert started is not None
    else:
        prompt = task_prompt(step.kind, Path(session.artifact_dir), session.prompt)
        started = await uow.insert(
            AgentView,
            {
                "session_id": session.id,
                "kind": step.kind.value,
                "status": AgentStatus.RUNNING.value,
                "prompt": prompt,
                "model": model,
                "started_at": NOW,
            },
        )
    scope = AgentScope(session.project_id, session.id, started.id)
    await uow.append_log([marker(scope, started.kind, "started")])
    return started
