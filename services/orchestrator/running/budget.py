"""A session's spending limit: what its next agent may spend, and when it must stop.

The limit (`sessions.max_budget_usd`) is StartSession's, or in Claude mode the default
PILOTHOUSE_SESSION_BUDGET_USD. Each agent is started with what is left as its SDK
budget (or its phase's own limit, if lower), so the CLI stops the turn that crosses it;
and once the session's agents have spent the limit, no further agent starts: the session
fails, saying so.
"""

from __future__ import annotations

from shared.contract.wire import SessionView

LEAST_BUDGET = 0.0001
"""The smallest budget handed to the SDK (a spent session's resumed agent gets it: the CLI
stops after its first turn), never 0, which could read as no limit."""


def exhausted(session: SessionView, spent: float) -> str | None:
    """The reason the session must stop, if its agents spent its limit."""
    limit = session.max_budget_usd
    if limit is None or spent < limit:
        return None
    return (
        f"spending limit reached: the session's agents spent ${spent:.4f} of its "
        f"${limit:.2f} limit (raise it with max_budget_usd when you start a session, or "
        "PILOTHOUSE_SESSION_BUDGET_USD)"
    )


def left_for_agent(session: SessionView, phase_limit: float | None) -> float | None:
    """The SDK budget of the session's next agent: what the session has left, or its
    phase's limit if lower; None when neither limits it."""
    if session.max_budget_usd is None:
        return phase_limit
    left = max(session.max_budget_usd - session.cost_usd, LEAST_BUDGET)
    return left if phase_limit is None else min(left, phase_limit)
