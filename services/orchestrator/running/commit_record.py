"""A commit on a session's branch, recorded: measured in git with no transaction open, then
written (commit row, its files, the session's whole change, a `commit` event and the
session's figures) in the caller's transaction.

The pipeline records each agent run's commit here; the review commands record the
commits they make of changes found uncommitted (keep, prune, resolve).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.orchestrator.db import changes
from services.orchestrator.db.log_rows import AgentScope
from services.orchestrator.db.unit_of_work import UnitOfWork
from services.orchestrator.workspaces import commits
from services.orchestrator.workspaces.changes import compute
from services.orchestrator.workspaces.git_process import PILOTHOUSE
from services.orchestrator.workspaces.worktrees import disk_usage
from shared.contract.enums import AgentKind, CommitKind, EventKind
from shared.contract.payloads import CommitPayload
from shared.contract.review import FileDiff
from shared.contract.wire import SessionView


@dataclass(frozen=True)
class CommitRecord:
    """A commit made on a session's branch, with everything stored about it."""

    kind: CommitKind
    sha: str
    parent: str
    message: str
    phase: AgentKind | None
    agent_id: int | None
    files: list[FileDiff]
    """What this commit changed (against its first parent)."""
    session_files: list[FileDiff]
    """The whole session's change, against `base_commit`."""
    base_commit: str
    worktree_bytes: int


async def capture(
    worktree: Path,
    *,
    sha: str,
    parent: str,
    base_commit: str,
    kind: CommitKind,
    message: str,
    phase: AgentKind | None = None,
    agent_id: int | None = None,
) -> CommitRecord:
    """Measure a commit just made in `worktree` (its files, the session's, the disk)."""
    files = await compute(worktree, parent, sha)
    # The session's first commit is its whole change: one diff, not two.
    whole = files if parent == base_commit else await compute(worktree, base_commit, sha)
    return CommitRecord(
        kind=kind,
        sha=sha,
        parent=parent,
        message=message,
        phase=phase,
        agent_id=agent_id,
        files=files,
        session_files=whole,
        base_commit=base_commit,
        worktree_bytes=await asyncio.to_thread(disk_usage, worktree),
    )


async def commit_leftovers(
    session: SessionView, worktree: Path, when: str, keep_out: Sequence[str]
) -> CommitRecord | None:
    """Commit whatever was left uncommitted in the worktree (`when`: before a keep, a
    prune, a resolve), so removing or merging never loses it (the setup files `keep_out`
    aside); None if nothing was."""
    if not (worktree / ".git").exists() or not session.base_commit:
        return None
    parent = await commits.head(worktree)
    what = f"Uncommitted changes found before {when}"
    message = commits.commit_message(session.slug, session.title, what)
    sha = await commits.commit_all(worktree, message, PILOTHOUSE, keep_out)
    if sha is None:
        return None
    return await capture(
        worktree, sha=sha, parent=parent, base_commit=session.base_commit,
        kind=CommitKind.LEFTOVERS, message=message,
    )  # fmt: skip


async def store(uow: UnitOfWork, session: SessionView, record: CommitRecord) -> dict[str, Any]:
    """Write the commit, its files and the session's whole change; journal it. Returns the
    session's changed columns, for the caller's one update of the session row."""
    commit = await changes.insert_commit(
        uow, session_id=session.id, agent_id=record.agent_id, phase=record.phase,
        kind=record.kind, sha=record.sha, parent=record.parent, message=record.message,
        files=record.files,
    )  # fmt: skip
    await changes.replace_session_files(uow, session.id, record.session_files)
    payload = CommitPayload(
        sha=record.sha, parent=record.parent, kind=record.kind, phase=record.phase,
        agent_id=record.agent_id, message=record.message, files=commit.files,
        insertions=commit.insertions, deletions=commit.deletions,
    )  # fmt: skip
    scope = AgentScope(session.project_id, session.id, record.agent_id)
    await uow.append_log([scope.row(EventKind.COMMIT, payload)])
    return {
        "head_commit": record.sha,
        "base_commit": record.base_commit,
        "files_changed": len(record.session_files),
        "insertions": sum(f.insertions for f in record.session_files),
        "deletions": sum(f.deletions for f in record.session_files),
        "worktree_bytes": record.worktree_bytes,
    }
