"""Pruning worktrees (here through the retention command's step, which is prune's code):
old stopped sessions' worktrees go, their uncommitted work committed to the branch first;
a running session's and a recent one's stay; the main checkout is never touched."""

from __future__ import annotations

import asyncio
from pathlib import Path

import msgspec
import psycopg

from services.orchestrator.db.unit_of_work import Store
from services.orchestrator.retention import worktrees as retention_worktrees
from services.orchestrator.workspaces.worktrees import ensure
from shared.config.settings import Settings
from shared.contract.wire import SessionView
from tests.support import factories
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.git_repos import fingerprint, git, make_repo, worktrees


async def _session(
    store: Store, project_id: int, repo: Path, root: Path, *, slug: str, status: str
) -> tuple[SessionView, Path]:
    """A session of `status` whose worktree exists, with its branch from HEAD."""
    base = git(repo, "rev-parse", "HEAD")
    path = root / slug
    await ensure(repo, path, f"pilothouse/{slug}", base)
    session = await factories.session(store, project_id, slug, status=status)
    async with store.unit() as uow:
        changes = {"isolated": True, "base_commit": base, "branch": f"pilothouse/{slug}",
                   "worktree": str(path)}  # fmt: skip
        updated = await uow.update(SessionView, session.id, changes)
    assert updated is not None
    return updated, path


def _finished(database: TestDatabase, session_id: int, days: float) -> None:
    with psycopg.connect(database.url, autocommit=True) as conn:
        conn.execute(
            "UPDATE sessions SET finished_at = now() - make_interval(secs => %s) WHERE id = %s",
            (days * 86400, session_id),
        )


async def test_old_worktrees_go_after_their_work_is_committed_live_ones_stay(
    store: Store, database: TestDatabase, tmp_path: Path, settings_no_agents: Settings
) -> None:
    repo = make_repo(tmp_path / "workspace" / "demo")
    untouched = fingerprint(repo)
    project = await factories.project(store, repo)
    root = tmp_path / "worktrees"
    old, old_path = await _session(
        store, project.id, repo, root, slug="old", status="awaiting_review"
    )
    busy, busy_path = await _session(store, project.id, repo, root, slug="busy", status="running")
    recent, recent_path = await _session(
        store, project.id, repo, root, slug="recent", status="completed"
    )
    _finished(database, old.id, days=10)
    _finished(database, busy.id, days=10)  # a stale stamp: running is what counts
    _finished(database, recent.id, days=1)
    (old_path / "unsaved.txt").write_text("work in progress\n")
    settings = msgspec.structs.replace(settings_no_agents, worktree_retention_days=7)

    said: list[str] = []
    await asyncio.to_thread(
        retention_worktrees.prune, database.url, settings, dry_run=False, out=said.append
    )
    assert not old_path.exists()
    assert busy_path.is_dir()
    assert recent_path.is_dir()
    assert sorted(worktrees(repo)) == sorted([str(repo), str(busy_path), str(recent_path)])
    # The uncommitted file was committed to the branch first, and recorded like any commit.
    assert git(repo, "show", "pilothouse/old:unsaved.txt") == "work in progress"
    [commit] = await rows(database.url, "SELECT kind, sha FROM session_commits")
    assert (commit["kind"], commit["sha"]) == (
        "leftovers",
        git(repo, "rev-parse", "pilothouse/old"),
    )
    states = await rows(database.url, "SELECT slug, status, worktree FROM sessions ORDER BY id")
    assert states == [
        {"slug": "old", "status": "awaiting_review", "worktree": None},
        {"slug": "busy", "status": "running", "worktree": str(busy_path)},
        {"slug": "recent", "status": "completed", "worktree": str(recent_path)},
    ]
    assert said[0].startswith(
        f"worktree of session {old.id} old: removed"
        " (awaiting_review, stopped 10.0 days ago; committed "
    )
    assert said[1] == f"worktree of session {busy.id} busy: kept (running: never pruned)"
    assert said[2].startswith(
        f"worktree of session {recent.id} recent: kept (stopped 24.0 hours ago, under 7.0 days)"
    )
    assert said[3].startswith("worktrees: freed ")
    assert fingerprint(repo) == untouched
