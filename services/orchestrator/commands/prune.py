"""The prune command (and the retention job's last step): remove the worktrees of sessions
that stopped long enough ago, and say how much disk the worktrees use.

Each worktree is handled in its own transaction with its session locked. A session that
is queued or running keeps its worktree whatever its age. Before a worktree is removed,
anything uncommitted in it is committed to the session's branch (and recorded like any
commit), so prune never loses work; the branch stays, and resume, retry, debug or
resolve make the worktree again from it. Only linked worktrees Pilothouse recorded are
ever removed, never a project's main checkout (workspaces/worktrees.remove refuses).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from services.orchestrator.commands.workspace_steps import journal
from services.orchestrator.db import changes, lookups
from services.orchestrator.db.unit_of_work import Store, UnitOfWork
from services.orchestrator.running import commit_record
from services.orchestrator.workspaces.git_process import GitFailed
from services.orchestrator.workspaces.repository import probe
from services.orchestrator.workspaces.worktrees import WorkspaceError, disk_usage, remove_clean
from shared.config.settings import Settings
from shared.contract.lifecycle import ACTIVE
from shared.contract.payloads import WorkspacePayload
from shared.contract.review import PruneReport, PruneWorktrees, WorktreeEntry
from shared.contract.wire import SessionView


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} hours"


def _size(path: Path) -> int:
    return disk_usage(path) if path.is_dir() else 0


def _verdict(session: SessionView, older_than: timedelta) -> str | None:
    """Why the session's worktree stays, or None when it is old enough to go."""
    if session.status in ACTIVE:
        return f"{session.status.value}: never pruned"
    age = datetime.now(UTC) - (session.finished_at or session.updated_at)
    if age < older_than:
        return f"stopped {_age(age)} ago, under {_age(older_than)}"
    return None


async def _remove(
    uow: UnitOfWork, session: SessionView, path: Path
) -> tuple[str | None, str | None]:
    """Commit what is left in the worktree, then remove it: (commit made, why it could
    not be removed)."""
    project = await lookups.project(uow, str(session.project_id))
    assert project is not None
    repo = await probe(Path(project.path))
    if repo is None:
        return None, f"{project.path} is no longer a git repository"
    update: dict[str, object] = {}
    record = None
    try:
        keep_out = project.setup_files
        record = await commit_record.commit_leftovers(session, path, "prune", keep_out)
        if record is not None:
            update.update(await commit_record.store(uow, session, record))
        # Committed just above; anything else found there now stops the removal.
        await remove_clean(repo.top, path, keep_out)
    except (GitFailed, WorkspaceError, OSError) as exc:
        if update:
            await uow.update(SessionView, session.id, update)
        return record.sha if record else None, f"could not be removed: {exc}"
    await changes.set_ready(uow, session.id, ready=False)
    await uow.update(SessionView, session.id, {**update, "worktree": None, "worktree_bytes": None})
    await journal(
        uow, session, [WorkspacePayload(action="removed", path=str(path), reason="prune")]
    )
    return record.sha if record else None, None


async def _prune_one(
    store: Store, session_id: int, older_than: timedelta, dry_run: bool
) -> WorktreeEntry | None:
    async with store.unit() as uow:
        session = await lookups.session_by_id(uow, session_id, lock=True)
        if session.worktree is None:
            return None
        path = Path(session.worktree)
        size = await asyncio.to_thread(_size, path)
        kept = _verdict(session, older_than)
        action: Literal["removed", "would_remove", "kept"] = "kept"
        committed = None
        if kept is None:
            age = datetime.now(UTC) - (session.finished_at or session.updated_at)
            reason = f"{session.status.value}, stopped {_age(age)} ago"
            action = "would_remove"
            if not dry_run:
                committed, kept = await _remove(uow, session, path)
                action = "removed" if kept is None else "kept"
        return WorktreeEntry(
            session_id=session.id, slug=session.slug, status=session.status, path=str(path),
            bytes=size, action=action, reason=kept or reason, committed=committed,
        )  # fmt: skip


async def prune_worktrees(store: Store, settings: Settings, command: PruneWorktrees) -> PruneReport:
    """Remove (or, dry run, list) worktrees of sessions stopped longer ago than asked."""
    seconds = command.older_than_seconds
    older_than = (
        timedelta(days=settings.worktree_retention_days)
        if seconds is None
        else timedelta(seconds=seconds)
    )
    async with store.unit() as uow:
        ids = await changes.worktrees(uow)
    entries = []
    for session_id in ids:
        found = await _prune_one(store, session_id, older_than, command.dry_run)
        if found is not None:
            entries.append(found)
    return PruneReport(
        worktrees=entries,
        freed_bytes=sum(e.bytes for e in entries if e.action == "removed"),
        remaining_bytes=sum(e.bytes for e in entries if e.action != "removed"),
    )
