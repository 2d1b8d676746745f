"""Steps the review commands share: finding a session's branch and checkout, refusing with
the files involved, and putting a worktree (and branch) away.

Review commands run git inside their transaction: the session row stays locked while
they do, so no other command (nor a worker's claim) can move the session meanwhile.
Git's part is short: no agent runs inside it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from services.orchestrator.commands.context import locked_session
from services.orchestrator.commands.refusals import Conflict
from services.orchestrator.db import lookups
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import UnitOfWork
from services.orchestrator.workspaces.git_process import GitFailed
from services.orchestrator.workspaces.repository import probe
from services.orchestrator.workspaces.worktrees import (
    WorkspaceError,
    delete_branch,
    remove,
    remove_clean,
)
from shared.contract.enums import EventKind, SessionStatus
from shared.contract.lifecycle import names
from shared.contract.payloads import WorkspacePayload
from shared.contract.wire import ProjectView, SessionView

log = logging.getLogger(__name__)

RemovedFor = Literal["approve", "discard", "keep", "prune"]


class ReviewRefused(Conflict):
    """409 whose `extra` says why (`reason`) and which files are involved."""

    def __init__(self, detail: str, *, reason: str, files: list[str]) -> None:
        super().__init__(detail)
        self.reason = reason
        self.files = files

    @property
    def extra(self) -> dict[str, Any]:  # type: ignore[override]
        return {"reason": self.reason, "files": self.files}


async def reviewable(
    uow: UnitOfWork, ref: str, allowed: frozenset[SessionStatus], verb: str
) -> tuple[SessionView, ProjectView]:
    """The session, locked, when it has a branch and is in one of `allowed`; 409 else."""
    session = await locked_session(uow, ref)
    if not session.isolated or session.branch is None:
        raise Conflict(
            f"session {session.slug!r} ran in place (not isolated): it has no branch to {verb}"
        )
    if session.status not in allowed:
        raise Conflict(
            f"session is {session.status.value}; {verb} takes only {names(allowed)} sessions"
        )
    project = await lookups.project(uow, str(session.project_id))
    assert project is not None, "sessions.project_id is a foreign key"
    return session, project


async def checkout_of(project: ProjectView) -> Path:
    """The top of the project's main checkout (409 when it is no longer a repository)."""
    repo = await probe(Path(project.path))
    if repo is None:
        raise Conflict(f"{project.path} is no longer a git repository")
    return repo.top


async def put_away(
    uow: UnitOfWork,
    top: Path,
    session: SessionView,
    *,
    reason: RemovedFor,
    keep_out: Sequence[str] | None,
    branch_too: bool,
) -> bool:
    """Remove the session's worktree (and branch), journaling each step; True when the
    worktree is gone. With `keep_out` (the setup files) only a worktree with nothing else
    uncommitted is removed; None (discard) removes it whatever it holds. A failure is
    logged rather than raised: what the command did before (a merge) stands, and prune
    can finish the job later."""
    gone = session.worktree is None
    notes: list[WorkspacePayload] = []
    try:
        if session.worktree is not None:
            path = Path(session.worktree)
            if keep_out is None:
                await remove(top, path, force=True)
            else:
                await remove_clean(top, path, keep_out)
            notes.append(WorkspacePayload(action="removed", path=session.worktree, reason=reason))
            gone = True
        if branch_too and session.branch and await delete_branch(top, session.branch):
            notes.append(WorkspacePayload(action="branch_deleted", branch=session.branch))
    except (GitFailed, WorkspaceError, OSError) as exc:
        log.warning("session %s: putting its worktree away failed: %s", session.id, exc)
    await journal(uow, session, notes)
    return gone


async def journal(uow: UnitOfWork, session: SessionView, notes: list[WorkspacePayload]) -> None:
    """Append `workspace` events of the session (its own, no agent's)."""
    if notes:
        scope = AgentScope(session.project_id, session.id, None)
        await uow.append_log([scope.row(EventKind.WORKSPACE, note) for note in notes])
