"""Keeping a worktree as the agent's commit left it while QA gates run in it.

Gates check the tree; they must not change what the next commit takes. Before the gates
the worktree's status is noted; afterwards every path whose status is new is put back:
tracked files are checked out from HEAD, new untracked files are removed. Ignored files
(build outputs, caches a project ignores) and the setup files are left alone, as is
anything that was already uncommitted before the gates ran.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from pathlib import Path

from services.orchestrator.workspaces.commits import pathspec
from services.orchestrator.workspaces.git_process import git


async def status(worktree: Path, keep_out: Sequence[str]) -> dict[str, str]:
    """{path: two-letter porcelain status} of what differs from HEAD, untracked included."""
    found = await git(
        worktree, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames",
        *pathspec(keep_out), read_only=True,
    )  # fmt: skip
    return {field[3:]: field[:2] for field in found.fields() if len(field) > 3}


def _remove(worktree: Path, names: list[str]) -> None:
    for name in names:
        path = worktree / name
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        # Directories the gate made and left empty go too (never the worktree itself).
        parent = path.parent
        while parent != worktree and worktree in parent.parents:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent


async def restore(worktree: Path, keep_out: Sequence[str], before: dict[str, str]) -> list[str]:
    """Put back every path whose status changed since `before`; the paths put back."""
    after = await status(worktree, keep_out)
    changed = [name for name, code in after.items() if before.get(name) != code]
    untracked = [name for name in changed if after[name] == "??" and name not in before]
    tracked = [name for name in changed if after[name] != "??" and name not in before]
    if tracked:
        await git(worktree, "checkout", "HEAD", "--", *tracked, check=False)
    if untracked:
        await asyncio.to_thread(_remove, worktree, untracked)
    return sorted(tracked + untracked)
