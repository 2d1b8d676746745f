"""After each agent run: what it changed in the worktree, committed on the session's branch.

The commit is made and measured in git with no transaction open; the pipeline stores it
(commit_record.store) in the transaction that ends the agent. A resolve round's run
concludes the merge in progress only when it completed and left no conflict marker;
otherwise the merge stays in progress for the round's resume, and a completed round
that left markers counts as failed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from services.orchestrator.agents.messages import clip
from services.orchestrator.db import changes
from services.orchestrator.db.agent_log import AgentLog
from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.running.commit_record import CommitRecord, capture
from services.orchestrator.running.workspace import Place
from services.orchestrator.workspaces import commits
from shared.contract.enums import AgentStatus, CommitKind, EventKind
from shared.contract.payloads import ErrorPayload
from shared.contract.wire import AgentView, SessionView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AfterRun:
    record: CommitRecord | None
    failure: str | None = None
    """Why the run must count as failed although the agent said it completed."""


@dataclass(frozen=True)
class Ran:
    """An agent run that has ended: whose, how, where, and HEAD when it started."""

    session: SessionView
    agent: AgentView
    status: AgentStatus
    place: Place
    head: str


async def _commit(store: Store, ran: Ran) -> AfterRun:
    session, agent, place, head = ran.session, ran.agent, ran.place, ran.head
    assert place.worktree is not None
    worktree = place.worktree
    merging = await commits.merge_head(worktree)
    if merging is not None:
        if ran.status is not AgentStatus.COMPLETED:
            return AfterRun(None)
        found = await commits.conflicted(worktree)
        if left := await asyncio.to_thread(commits.markers_left, worktree, found):
            return AfterRun(None, f"conflict markers remain in {', '.join(left)}")
    what = "Merge of the base branch, resolved by" if merging else "Changes by"
    message = commits.commit_message(
        session.slug, session.title, f"{what} the {agent.kind.value} agent (#{agent.id})"
    )
    author = commits.agent_identity(agent.kind.value)
    sha = await commits.commit_all(worktree, message, author, place.keep_out)
    if sha is None:
        return AfterRun(None)
    async with store.unit() as uow:
        # Not the claim's copy: a commit earlier in this run may have moved it.
        base = (await changes.workspace(uow, session.id)).base_commit
    record = await capture(
        worktree, sha=sha, parent=head, base_commit=merging or base,
        kind=CommitKind.BASE_MERGE if merging else CommitKind.AGENT, message=message,
        phase=agent.kind, agent_id=agent.id,
    )  # fmt: skip
    return AfterRun(record)


async def commit_run(store: Store, journal: AgentLog, ran: Ran) -> AfterRun:
    """Commit what the agent left in the worktree. A failure to commit is journaled, not
    raised: the changes stay in the worktree and go into the next commit."""
    try:
        return await _commit(store, ran)
    except Exception as exc:
        log.exception("session %s: committing agent %s failed", ran.session.id, ran.agent.id)
        message = f"could not commit the agent's changes: {exc}"
        await journal.append(EventKind.ERROR, ErrorPayload(message=clip(message)[0]))
        return AfterRun(None)
