"""Resolve, in the worktree: bring the base branch's new commits into the session's branch.

`git merge` runs in the session's own worktree (never the user's checkout). A clean merge
is committed at once; a conflicting one is left in progress, its files holding conflict
markers, for a build agent round to resolve; the orchestrator's commit after that round
concludes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.orchestrator.workspaces.commits import conflicted, head
from services.orchestrator.workspaces.git_process import PILOTHOUSE, GitFailed, git


@dataclass(frozen=True)
class Merged:
    commit: str | None
    """The merge commit, when git merged cleanly."""
    conflicts: list[str]
    """The files left conflicting, when it did not."""


async def merge_base(worktree: Path, base_tip: str, message: str) -> Merged:
    """Merge `base_tip` into the worktree's branch with a merge commit."""
    env = {**PILOTHOUSE.env("AUTHOR"), **PILOTHOUSE.env("COMMITTER")}
    merged = await git(
        worktree, "merge", "--no-ff", "--no-edit", "-m", message, base_tip, check=False, env=env
    )
    if merged.code == 0:
        return Merged(await head(worktree), [])
    files = await conflicted(worktree)
    if not files:
        raise GitFailed(["merge"], merged.code, merged.stderr or merged.text)
    return Merged(None, files)
