"""Deciding, when a build agent's gates end red, whether it gets a fix round.

A required gate that did not pass queues a fix round of the build agent (its own
conversation resumed, told each failing gate, its command and its output's end), unless
the rounds since the last build agent that was not a fix round already reached the
project's `fix_rounds`. Then the session goes on (docs, or back to review) with red
checks. Runs in the transaction that ends the agent, so a cancel recorded meanwhile is
seen and nothing is queued behind it.
"""

from __future__ import annotations

from services.orchestrator.agents.round_prompts import FailedGate, fix_prompt
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import UnitOfWork
from services.orchestrator.running.checks import CheckRun
from shared.contract.enums import AgentKind, AgentRound, AgentStatus
from shared.contract.wire import AgentView, SessionView


def rounds_so_far(agents: list[AgentView]) -> int:
    """Fix rounds in a row at the end of the session's build agents."""
    count = 0
    for agent in reversed(agents):
        if agent.kind is not AgentKind.BUILD:
            continue
        if agent.round is not AgentRound.FIX:
            break
        count += 1
    return count


async def queue_if_due(
    uow: UnitOfWork, session: SessionView, checked: AgentView, run: CheckRun, model: str | None
) -> AgentView | None:
    """Queue a fix round for the agent whose work `run` checked, if one is due."""
    if not run.failed or run.cancelled:
        return None
    agents = await lookups.agents_of(uow, session.id)
    current = next((agent for agent in agents if agent.id == checked.id), None)
    if current is None or current.status is AgentStatus.CANCELLED:
        return None
    project = await lookups.project(uow, str(session.project_id))
    allowed = project.fix_rounds if project is not None else 0
    done = rounds_so_far(agents)
    if done >= allowed:
        return None
    failed = [
        FailedGate(r.name, r.command, r.outcome.value, r.exit_code, r.tail) for r in run.failed
    ]
    return await uow.insert(
        AgentView,
        {
            "session_id": session.id,
            "kind": AgentKind.BUILD.value,
            "round": AgentRound.FIX.value,
            "resumed_from": checked.id,
            "prompt": fix_prompt(failed, done + 1, allowed),
            "model": model,
        },
    )
