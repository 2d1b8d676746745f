"""The orchestrator's writes of a session's commits and changed files, and the workspace
facts of a session that only the orchestrator reads.

A commit's files are stored once, with the commit. The whole session's files (against
its base commit, `commit_id` null) are replaced as a whole at every commit, in the same
transaction, so the read service always shows one consistent state of the branch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from services.orchestrator.db.unit_of_work import UnitOfWork
from shared.contract.enums import AgentKind, CommitKind
from shared.contract.review import CommitView, FileDiff

_COPY = (
    "COPY file_changes (session_id, commit_id, path, old_path, status, insertions, deletions,"
    " is_binary, truncated, patch, patch_bytes) FROM STDIN"
)
_COMMIT_COLUMNS = (
    "id, session_id, agent_id, phase, kind, sha, parent_sha, message, files, insertions,"
    " deletions, created_at"
)


@dataclass(frozen=True)
class Workspace:
    """What the pipeline and the review commands need of a session's workspace."""

    worktree: str | None
    ready: bool
    """The worktree exists and its setup has succeeded."""
    base_commit: str


async def _copy(
    uow: UnitOfWork, session_id: int, commit_id: int | None, files: Sequence[FileDiff]
) -> None:
    cursor = uow.conn.cursor()
    async with cursor.copy(_COPY) as copy:
        for f in files:
            await copy.write_row(
                (
                    session_id, commit_id, f.path, f.old_path, f.status.value, f.insertions,
                    f.deletions, f.binary, f.truncated, f.patch, f.patch_bytes,
                )
            )  # fmt: skip


async def insert_commit(
    uow: UnitOfWork,
    *,
    session_id: int,
    agent_id: int | None,
    phase: AgentKind | None,
    kind: CommitKind,
    sha: str,
    parent: str,
    message: str,
    files: Sequence[FileDiff],
) -> CommitView:
    """Record one commit of a session's branch with its changed files."""
    row = await uow.fetch_one(
        "INSERT INTO session_commits (session_id, agent_id, phase, kind, sha, parent_sha,"
        " message, files, insertions, deletions) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
        f" RETURNING {_COMMIT_COLUMNS}",
        [
            session_id, agent_id, phase.value if phase else None, kind.value, sha, parent,
            message, len(files), sum(f.insertions for f in files),
            sum(f.deletions for f in files),
        ],
    )  # fmt: skip
    commit = msgspec.convert(dict(row), CommitView)
    await _copy(uow, session_id, commit.id, files)
    return commit


async def replace_session_files(
    uow: UnitOfWork, session_id: int, files: Sequence[FileDiff]
) -> None:
    """The session's whole change against its base commit, replacing the last one."""
    await uow.conn.execute(
        "DELETE FROM file_changes WHERE session_id = %s AND commit_id IS NULL", (session_id,)
    )
    await _copy(uow, session_id, None, files)


async def session_paths(uow: UnitOfWork, session_id: int) -> list[str]:
    """The paths the session's whole change touches, sorted."""
    rows = await uow.fetch_all(
        "SELECT path FROM file_changes WHERE session_id = %s AND commit_id IS NULL ORDER BY path",
        [session_id],
    )
    return [row["path"] for row in rows]


async def workspace(uow: UnitOfWork, session_id: int) -> Workspace:
    row = await uow.fetch_one(
        "SELECT worktree, workspace_ready, base_commit FROM sessions WHERE id = %s", [session_id]
    )
    return Workspace(row["worktree"], row["workspace_ready"], row["base_commit"] or "")


async def set_ready(uow: UnitOfWork, session_id: int, *, ready: bool) -> None:
    """Record whether the worktree's setup has succeeded (a column no view carries)."""
    await uow.conn.execute(
        "UPDATE sessions SET workspace_ready = %s WHERE id = %s", (ready, session_id)
    )


async def worktrees(uow: UnitOfWork) -> list[int]:
    """Ids of the sessions whose worktree exists, oldest first."""
    rows = await uow.fetch_all("SELECT id FROM sessions WHERE worktree IS NOT NULL ORDER BY id")
    return [row["id"] for row in rows]


async def lock_project(uow: UnitOfWork, project_id: int) -> None:
    """Serialize merges into one project's checkout across orchestrators (this transaction)."""
    await uow.conn.execute(
        "SELECT pg_advisory_xact_lock(%s::int, %s::int)", (_MERGE_LOCK, project_id)
    )


_MERGE_LOCK = 0x50484D47
