"""Commits on a session's branch, made in its worktree by the orchestrator.

After every agent run, whatever the agent left in the worktree is committed (everything:
new, changed and deleted files; .gitignore still applies). The author names the phase
(`Pilothouse build agent`), the committer is Pilothouse, and the message names the
session, so `git log` on the branch reads as the session's history. A merge that resolve
started (MERGE_HEAD present) is concluded by that commit. The project's setup files
(copied from the main checkout, like `.env`) are never committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.orchestrator.workspaces.git_process import PILOTHOUSE, Identity, git

CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ")


def agent_identity(phase: str) -> Identity:
    """The author of an agent's commit: the phase it ran (`Pilothouse build agent`)."""
    return Identity(f"Pilothouse {phase} agent", f"{phase}@agents.pilothouse.invalid")


def commit_message(session_slug: str, title: str, what: str) -> str:
    """`<what> of session <slug>`, then the session's title."""
    return f"{what} of session {session_slug}\n\n{title}\n\nPilothouse-Session: {session_slug}\n"


async def head(worktree: Path) -> str:
    return (await git(worktree, "rev-parse", "--verify", "HEAD^{commit}")).text


async def merge_head(worktree: Path) -> str | None:
    """The commit a merge in progress brings in, if one is in progress."""
    found = await git(worktree, "rev-parse", "-q", "--verify", "MERGE_HEAD", check=False)
    return found.text if found.code == 0 and found.text else None


def pathspec(keep_out: Sequence[str]) -> list[str]:
    """`-- . :(exclude,literal)name…`: the whole worktree but the project's setup files."""
    return ["--", ".", *(f":(exclude,literal){name}" for name in keep_out)]


async def commit_all(
    worktree: Path, message: str, author: Identity, keep_out: Sequence[str] = ()
) -> str | None:
    """Commit every change in the worktree except `keep_out` (the setup files copied from
    the main checkout, like `.env`: never committed, whatever .gitignore says); the new
    HEAD, or None when there was nothing to commit (and no merge to conclude)."""
    await git(worktree, "add", "--all", *pathspec(keep_out))
    merging = await merge_head(worktree) is not None
    staged = await git(worktree, "diff", "--cached", "--quiet", check=False)
    if staged.code == 0 and not merging:
        return None
    env = {**author.env("AUTHOR"), **PILOTHOUSE.env("COMMITTER")}
    await git(worktree, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", message, env=env)
    return await head(worktree)


def markers_left(worktree: Path, files: list[str]) -> list[str]:
    """Which of `files` still hold conflict markers (`<<<<<<< ` or `>>>>>>> ` lines)."""
    left = []
    for name in files:
        try:
            content = (worktree / name).read_bytes()
        except OSError:
            continue
        if any(line.startswith(CONFLICT_MARKERS) for line in content.splitlines()):
            left.append(name)
    return left


async def conflicted(worktree: Path) -> list[str]:
    """Files with unmerged entries in the worktree's index."""
    found = await git(worktree, "diff", "--name-only", "-z", "--diff-filter=U", check=False)
    return sorted(set(found.fields()))
