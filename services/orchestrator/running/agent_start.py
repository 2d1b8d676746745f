"""What an agent gets and leaves on the record as it starts: its spending budget (what its
session has left), and, when this orchestrator runs agents unfenced, the `unfenced` mark
on the agent and its session — written before the agent's first tool can run."""

from __future__ import annotations

from services.orchestrator.db import lookups
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running.budget import left_for_agent
from shared.config.settings import Settings
from shared.contract.wire import AgentView, SessionView


async def before_run(
    store: Store,
    settings: Settings,
    session: SessionView,
    agent: AgentView,
    *,
    worker_id: int,
    fenced: bool,
) -> float | None:
    """The agent's SDK budget in US dollars (None: unlimited); records an unfenced run."""
    phase_limit = settings.phase_max_budget_usd.get(agent.kind, settings.max_budget_usd)
    if session.max_budget_usd is None and fenced:
        return phase_limit
    async with store.unit() as uow:
        current = await lookups.owned_session(uow, session.id, worker_id)
        if current is None:
            return phase_limit
        if not fenced:
            await uow.update(AgentView, agent.id, {"unfenced": True})
            if not current.unfenced:
                current = await uow.update(SessionView, current.id, {"unfenced": True}) or current
    return left_for_agent(current, phase_limit)
