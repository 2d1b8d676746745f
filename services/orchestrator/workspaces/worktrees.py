"""A session's worktree: made on its branch, found again, measured, removed.

Worktrees live under the configured worktrees directory, never inside a project. They
share the project repository's objects and refs (so the session's branch is a branch
of the user's repository), but have their own HEAD, index and working tree: nothing an
agent does in one touches the user's checkout. Removing one never touches the main
checkout: `remove` refuses any directory that is not a linked worktree.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Literal

from services.orchestrator.workspaces.commits import pathspec
from services.orchestrator.workspaces.git_process import git


class WorkspaceError(RuntimeError):
    """The worktree could not be made, found or removed; the message says why."""


class Made(StrEnum):
    CREATED = "created"
    """A new branch from the base commit."""
    RECREATED = "recreated"
    """The session's existing branch checked out again (its worktree had been removed)."""
    EXISTING = "existing"

    @property
    def action(self) -> Literal["created", "recreated"]:
        """How the session's log names it (a `workspace` event's action)."""
        return "recreated" if self is Made.RECREATED else "created"


def worktree_path(root: Path, project_slug: str, session_slug: str) -> Path:
    return root / project_slug / session_slug


def inside(path: Path, directory: Path) -> bool:
    """Whether `path` is `directory` or lies under it (both resolved)."""
    real, base = path.resolve(), directory.resolve()
    return real == base or real.is_relative_to(base)


def _occupied(path: Path) -> bool:
    """A directory with something in it (so not ours to fill)."""
    return path.is_dir() and any(path.iterdir())


async def _branch_exists(top: Path, branch: str) -> bool:
    found = await git(top, "show-ref", "--verify", "-q", f"refs/heads/{branch}", check=False)
    return found.code == 0


async def _checked_out(path: Path) -> str | None:
    found = await git(path, "symbolic-ref", "-q", "HEAD", check=False)
    return found.text if found.code == 0 else None


async def ensure(top: Path, path: Path, branch: str, base_commit: str) -> Made:
    """The session's worktree at `path` on `branch`: there already, checked out again from
    the branch, or made with a new branch from `base_commit`."""
    if (path / ".git").is_file():
        if await _checked_out(path) == f"refs/heads/{branch}":
            return Made.EXISTING
        raise WorkspaceError(f"{path} is a worktree, but not on {branch}")
    if _occupied(path):
        raise WorkspaceError(f"{path} exists and is not the session's worktree")
    path.parent.mkdir(parents=True, exist_ok=True)
    # A worktree directory deleted by hand stays registered until pruned, and its branch
    # would count as checked out there.
    await git(top, "worktree", "prune")
    if await _branch_exists(top, branch):
        await git(top, "worktree", "add", "--quiet", str(path), branch)
        return Made.RECREATED
    await git(top, "worktree", "add", "--quiet", "-b", branch, str(path), base_commit)
    return Made.CREATED


async def dirty_paths(path: Path, keep_out: Sequence[str] = ()) -> list[str]:
    """Files of the worktree that differ from its HEAD (changed, added, deleted, untracked),
    but the setup files `keep_out`."""
    found = await git(
        path, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames",
        *pathspec(keep_out), read_only=True,
    )  # fmt: skip
    return [field[3:] for field in found.fields() if len(field) > 3]


def _removable(top: Path, path: Path) -> bool:
    """Whether there is a linked worktree directory at `path` to remove; raises for a main
    checkout (its `.git` is a directory) or a directory holding the repository's top."""
    if (path / ".git").is_dir() or inside(top, path):
        raise WorkspaceError(f"refusing to remove {path}: it is a main checkout")
    return path.is_dir()


async def remove(top: Path, path: Path, *, force: bool) -> None:
    """Remove a linked worktree (with its uncommitted changes when `force`). Never the main
    checkout: a directory whose `.git` is a directory, or the repository's top, is refused."""
    if not _removable(top, path):
        await git(top, "worktree", "prune")
        return
    args = ["worktree", "remove", *(["--force"] if force else []), str(path)]
    await git(top, *args)


async def delete_branch(top: Path, branch: str) -> bool:
    """Delete the session's branch; False when it was already gone."""
    if not await _branch_exists(top, branch):
        return False
    await git(top, "branch", "-D", "--", branch)
    return True


def disk_usage(path: Path) -> int:
    """Bytes the worktree's files take on disk (allocated blocks; symlinks not followed)."""
    total = 0
    for folder, dirs, files in os.walk(path):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            try:
                stat = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            total += stat.st_blocks * 512
    return total


async def remove_clean(top: Path, path: Path, keep_out: Sequence[str]) -> None:
    """Remove a worktree that has nothing uncommitted but its setup files (`keep_out`,
    copies of the main checkout's, and ignored files like a virtualenv the setup made);
    raises WorkspaceError, removing nothing, when it has anything else."""
    if _removable(top, path) and (left := await dirty_paths(path, keep_out)):
        raise WorkspaceError(f"{path} has uncommitted changes: {', '.join(left[:10])}")
    await remove(top, path, force=True)
