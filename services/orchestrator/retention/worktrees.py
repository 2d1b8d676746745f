"""The retention command's last step: the worktrees of sessions stopped long ago, pruned
as `pilothouse prune` prunes them (commands/prune.py), after the events pass."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from services.orchestrator.commands.prune import prune_worktrees
from services.orchestrator.db.unit_of_work import Store
from shared.config.settings import Settings
from shared.contract.review import PruneReport, PruneWorktrees


async def _prune(conninfo: str, settings: Settings, dry_run: bool) -> PruneReport:
    store = Store(conninfo, max_size=2)
    await store.open()
    try:
        return await prune_worktrees(store, settings, PruneWorktrees(dry_run=dry_run))
    finally:
        await store.close()


def prune(conninfo: str, settings: Settings, *, dry_run: bool, out: Callable[[str], None]) -> None:
    """Prune (or, dry run, list) old worktrees, one line each and a total."""
    report = asyncio.run(_prune(conninfo, settings, dry_run))
    for entry in report.worktrees:
        action = entry.action.replace("_", " ")
        committed = f"; committed {entry.committed[:12]} first" if entry.committed else ""
        head = f"worktree of session {entry.session_id} {entry.slug}"
        out(f"{head}: {action} ({entry.reason}{committed})")
    mib = 1024 * 1024
    freed = "would free" if dry_run else "freed"
    out(
        f"worktrees: {freed} {report.freed_bytes / mib:.1f} MiB;"
        f" {report.remaining_bytes / mib:.1f} MiB left in worktrees"
    )
