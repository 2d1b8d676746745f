"""Which status may follow which: the lifecycle of sessions and agents, in one place.

The orchestrator checks every status it writes against these tables (a move they do not
list is a bug, raised as IllegalMove before anything is written); commands ask them
whether a session may be resumed, retried or cancelled; clients may use them to offer
only what would be accepted. Pure data and functions, no I/O.

Sessions:  queued → running → completed | failed | cancelled | interrupted
           running → awaiting_review (it ran to the end and changed files on its branch)
           queued → cancelled (cancel before a worker claims it)
           interrupted → cancelled (cancel of a session nobody runs)
           failed | cancelled | interrupted → queued (resume, retry, debug)
           completed | awaiting_review → queued (retry, debug; resolve from review)
           awaiting_review → merged (approve)
           any stopped session with a worktree → discarded | kept (discard, keep)
           merged, discarded and kept are final: the worktree is gone.
Agents:    queued → running → completed | failed | cancelled | interrupted
           queued → cancelled; running → cancelled is recorded by the cancel command
           first, then again (cancelled → cancelled) with the run's figures when it ends.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from shared.contract.enums import AgentStatus, SessionStatus

_T = TypeVar("_T", bound=StrEnum)

S = SessionStatus
A = AgentStatus

_PUT_AWAY = frozenset({S.DISCARDED, S.KEPT})

SESSION_MOVES: dict[SessionStatus, frozenset[SessionStatus]] = {
    S.QUEUED: frozenset({S.RUNNING, S.CANCELLED}),
    S.RUNNING: frozenset({S.COMPLETED, S.FAILED, S.CANCELLED, S.INTERRUPTED, S.AWAITING_REVIEW}),
    S.COMPLETED: frozenset({S.QUEUED}) | _PUT_AWAY,
    S.FAILED: frozenset({S.QUEUED}) | _PUT_AWAY,
    S.CANCELLED: frozenset({S.QUEUED}) | _PUT_AWAY,
    S.INTERRUPTED: frozenset({S.QUEUED, S.CANCELLED}) | _PUT_AWAY,
    S.AWAITING_REVIEW: frozenset({S.QUEUED, S.MERGED}) | _PUT_AWAY,
    S.MERGED: frozenset(),
    S.DISCARDED: frozenset(),
    S.KEPT: frozenset(),
}
"""For each session status, the statuses it may move to."""

AGENT_MOVES: dict[AgentStatus, frozenset[AgentStatus]] = {
    A.QUEUED: frozenset({A.RUNNING, A.CANCELLED}),
    A.RUNNING: frozenset({A.COMPLETED, A.FAILED, A.CANCELLED, A.INTERRUPTED}),
    A.CANCELLED: frozenset({A.CANCELLED}),
    A.COMPLETED: frozenset(),
    A.FAILED: frozenset(),
    A.INTERRUPTED: frozenset(),
}
"""For each agent status, the statuses it may move to (agents never run twice: a resume
or retry is a new agent)."""


def _sources(moves: dict[_T, frozenset[_T]]) -> dict[_T, frozenset[_T]]:
    found: dict[_T, set[_T]] = {status: set() for status in moves}
    for old, news in moves.items():
        for new in news:
            found[new].add(old)
    return {new: frozenset(olds) for new, olds in found.items()}


SESSION_SOURCES = _sources(SESSION_MOVES)
"""For each session status, the statuses it may be reached from."""
AGENT_SOURCES = _sources(AGENT_MOVES)
"""For each agent status, the statuses it may be reached from."""

CLOSED = frozenset({S.MERGED, S.DISCARDED, S.KEPT})
"""Reviewed and put away: the worktree is gone and nothing can run in it again."""
TERMINAL = frozenset({S.COMPLETED, S.FAILED, S.CANCELLED}) | CLOSED
"""Statuses after which a session does nothing more unless resumed or retried."""
RESUMABLE = frozenset({S.INTERRUPTED, S.FAILED, S.CANCELLED})
"""A resume continues the last unfinished phase in its own Claude conversation."""
RETRYABLE = RESUMABLE | {S.COMPLETED, S.AWAITING_REVIEW}
"""A retry runs one phase again from scratch, then the phases after it."""
CANCELLABLE = frozenset({S.QUEUED, S.RUNNING, S.INTERRUPTED})
ACTIVE = frozenset({S.QUEUED, S.RUNNING})
"""A worker has the session, or will claim it."""
APPROVABLE = frozenset({S.AWAITING_REVIEW})
"""Approve merges only a session whose run ended with changes to review."""
RESOLVABLE = frozenset({S.AWAITING_REVIEW})
"""Resolve brings the base branch into a session under review."""
CONVERSABLE = frozenset({S.AWAITING_REVIEW, S.COMPLETED, S.FAILED, S.CANCELLED, S.INTERRUPTED})
"""Request changes and follow-up messages start a build agent round on a session in review
or stopped, as long as its branch has not been put away."""
PUT_AWAY_FROM = frozenset({S.COMPLETED, S.FAILED, S.CANCELLED, S.INTERRUPTED, S.AWAITING_REVIEW})
"""Discard and keep take any stopped session that has not been put away yet."""


class IllegalMove(RuntimeError):
    """A status change the lifecycle does not allow: a bug in the caller, not bad input."""


def check_session_move(old: SessionStatus, new: SessionStatus) -> None:
    """Raise IllegalMove unless a session may go from `old` to `new`."""
    if new not in SESSION_MOVES[old]:
        raise IllegalMove(f"a session cannot go from {old.value} to {new.value}")


def check_agent_move(old: AgentStatus, new: AgentStatus) -> None:
    """Raise IllegalMove unless an agent may go from `old` to `new`."""
    if new not in AGENT_MOVES[old]:
        raise IllegalMove(f"an agent cannot go from {old.value} to {new.value}")


def names(statuses: frozenset[SessionStatus]) -> str:
    """`a, b or c`, for messages that say which statuses a command accepts."""
    ordered = sorted(status.value for status in statuses)
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " or " + ordered[-1]
