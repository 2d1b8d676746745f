"""Queueing a round of the build agent: resolve, review comments, follow-up.

A round is a new build agent outside the pipeline's order (`agents.round`) that resumes
the last build agent's Claude conversation, so it knows the session's work; when it ends
(after its gates) the session stops as its phases left it (running/phases.py).
"""

from __future__ import annotations

from services.orchestrator.commands.context import CommandContext
from services.orchestrator.commands.refusals import Conflict
from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.enums import AgentKind, AgentRound
from shared.contract.wire import AgentView, SessionView


async def last_conversation(uow: UnitOfWork, session_id: int) -> AgentView | None:
    """The latest build agent with a Claude conversation to resume, if any."""
    builds = [
        agent
        for agent in await lookups.agents_of(uow, session_id)
        if agent.kind is AgentKind.BUILD and agent.claude_session_id
    ]
    return builds[-1] if builds else None


async def queue_round(
    uow: UnitOfWork,
    ctx: CommandContext,
    session: SessionView,
    kind: AgentRound,
    prompt: str,
    *,
    fresh_allowed: bool = False,
) -> AgentView:
    """Insert the queued round; 409 when there is no conversation to continue (unless a
    fresh one is allowed)."""
    earlier = await last_conversation(uow, session.id)
    if earlier is None and not fresh_allowed:
        raise Conflict(
            f"session {session.slug!r} has no build agent conversation to continue:"
            " retry its build phase instead"
        )
    return await uow.insert(
        AgentView,
        {
            "session_id": session.id,
            "kind": AgentKind.BUILD.value,
            "round": kind.value,
            "resumed_from": earlier.id if earlier is not None else None,
            "prompt": prompt,
            "model": ctx.settings.model,
        },
    )
