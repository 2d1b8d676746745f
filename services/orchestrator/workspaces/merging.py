"""Approve: put a session's branch onto its base branch in the user's main checkout.

The user's repository is sacred (guarantee 6), so the result is built without touching
the checkout and only then brought in by one operation that refuses atomically:

1. read (GIT_OPTIONAL_LOCKS=0, nothing rewritten): which branch is checked out, the base
   branch's tip, and which files have uncommitted changes;
2. build the result commit aside: `git merge-tree --write-tree` (conflicts are listed,
   nothing is checked out) plus `git commit-tree` for squash and merge; for rebase, a
   temporary worktree of our own, removed afterwards;
3. refuse, with the files, when the checkout is on another branch, when its uncommitted
   changes overlap what the result changes, or when merging conflicts;
4. `git merge --ff-only <result>`: it moves the base branch, index and working tree
   forward, or refuses with nothing changed when the branch moved meanwhile or a local
   change would be overwritten.

Every refusal happens in steps 1-3, which write nothing but objects to the object store
(and the temporary worktree's own administrative files): HEAD, index and working tree
stay byte for byte as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from services.orchestrator.workspaces.git_process import PILOTHOUSE, GitFailed, Identity, git
from services.orchestrator.workspaces.repository import commit_of, user_identity
from services.orchestrator.workspaces.worktrees import remove
from shared.contract.enums import MergeStrategy

Reason = Literal["other_branch", "dirty", "conflict", "checkout_changed"]


class MergeRefused(Exception):
    """Approve cannot complete; the user's checkout is as it was."""

    def __init__(self, reason: Reason, detail: str, files: list[str]) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.files = files


@dataclass(frozen=True)
class Request:
    top: Path
    """The user's checkout."""
    base_ref: str
    branch: str
    """The session's branch."""
    strategy: MergeStrategy
    message: str
    scratch: Path
    """Where a temporary worktree may be made (rebase)."""


async def _names(top: Path, old: str, new: str) -> list[str]:
    found = await git(top, "diff", "--name-only", "-z", "--no-renames", old, new, read_only=True)
    return found.fields()


async def _dirty(top: Path) -> set[str]:
    found = await git(
        top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames",
        read_only=True,
    )  # fmt: skip
    return {field[3:] for field in found.fields() if len(field) > 3}


async def _identity_env(top: Path) -> dict[str, str]:
    """Author and committer: the user's configured identity, else Pilothouse's."""
    found = await user_identity(top)
    who = Identity(*found) if found else PILOTHOUSE
    return {**who.env("AUTHOR"), **who.env("COMMITTER")}


async def _merge_tree(request: Request, tip: str, head: str) -> str:
    found = await git(
        request.top, "merge-tree", "--write-tree", "-z", "--name-only", "--no-messages", tip, head,
        check=False, read_only=True,
    )  # fmt: skip
    fields = found.fields()
    if found.code == 1:
        raise MergeRefused(
            "conflict",
            f"merging {request.branch} into {request.base_ref} conflicts; resolve the session"
            " first (it merges the base into its branch)",
            sorted(set(fields[1:])),
        )
    if found.code != 0 or not fields:
        raise GitFailed(["merge-tree"], found.code, found.stderr)
    return fields[0]


async def _rebased(request: Request, tip: str, head: str) -> str:
    scratch = request.scratch
    env = await _identity_env(request.top)
    await git(request.top, "worktree", "add", "--quiet", "--detach", str(scratch), head)
    try:
        replayed = await git(scratch, "rebase", "--quiet", tip, check=False, env=env)
        if replayed.code != 0:
            found = await git(scratch, "diff", "--name-only", "-z", "--diff-filter=U", check=False)
            await git(scratch, "rebase", "--abort", check=False)
            raise MergeRefused(
                "conflict",
                f"rebasing {request.branch} onto {request.base_ref} conflicts; resolve the"
                " session first, or approve with squash or merge",
                sorted(set(found.fields())),
            )
        return (await git(scratch, "rev-parse", "HEAD")).text
    finally:
        await remove(request.top, scratch, force=True)


async def build(request: Request, tip: str, head: str) -> str:
    """The commit the base branch should point at, made without touching the checkout."""
    if request.strategy is MergeStrategy.REBASE:
        return await _rebased(request, tip, head)
    tree = await _merge_tree(request, tip, head)
    parents = ["-p", tip] + (["-p", head] if request.strategy is MergeStrategy.MERGE else [])
    env = await _identity_env(request.top)
    made = await git(request.top, "commit-tree", tree, *parents, "-m", request.message, env=env)
    return made.text


async def approve(request: Request, changed: list[str]) -> str:
    """Merge the session's branch into the checkout's base branch; the commit the base
    branch now points at. Raises MergeRefused (checkout unchanged). `changed` are the
    session's files, named when the checkout is on another branch."""
    top = request.top
    current = await git(top, "symbolic-ref", "-q", "--short", "HEAD", check=False, read_only=True)
    if current.code != 0 or current.text != request.base_ref:
        on = current.text if current.code == 0 else "a detached HEAD"
        raise MergeRefused(
            "other_branch",
            f"the main checkout is on {on}, not {request.base_ref}: check out"
            f" {request.base_ref} there and approve again",
            changed,
        )
    tip = await commit_of(top, f"refs/heads/{request.base_ref}")
    head = await commit_of(top, f"refs/heads/{request.branch}")
    if tip is None or head is None:
        raise GitFailed(["rev-parse"], 128, f"{request.base_ref} or {request.branch} is missing")
    result = await build(request, tip, head)
    overlap = sorted(set(await _names(top, tip, result)) & await _dirty(top))
    if overlap:
        raise MergeRefused(
            "dirty",
            f"the main checkout has uncommitted changes to files the session changes: commit"
            f" or stash them in {top} and approve again",
            overlap,
        )
    moved = await git(top, "merge", "--ff-only", "--quiet", result, check=False)
    if moved.code != 0:
        raise MergeRefused(
            "checkout_changed",
            f"the main checkout changed while approving ({moved.stderr.strip()[:300]});"
            " approve again",
            [],
        )
    return result
