"""What a project's git repository says about itself: where its checkout is, which branch
is checked out, and which commit a session's base names. Read commands only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.orchestrator.workspaces.git_process import git


class UnknownBase(ValueError):
    """The base names no branch or commit of the repository."""


class NoCommits(ValueError):
    """The repository's branch has no commit yet, so nothing can branch from it."""


@dataclass(frozen=True)
class Repository:
    """A project inside a git repository's main (or linked) checkout."""

    top: Path
    """The checkout's top directory: where approve merges, and what worktrees copy."""
    prefix: str
    """The project's directory relative to `top` (`""`, or `packages/app/`)."""
    branch: str | None
    """The branch checked out (None when HEAD is detached)."""
    head: str | None
    """HEAD's commit (None before the first commit)."""


@dataclass(frozen=True)
class Base:
    """Where a session's branch starts."""

    ref: str | None
    """A local branch (approve merges into it), or None when the base was a commit."""
    commit: str


async def probe(project: Path) -> Repository | None:
    """The repository the project directory is checked out in, or None when it is not in
    a git working tree (it then runs in place, not isolated)."""
    found = await git(
        project, "rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix",
        check=False, read_only=True,
    )  # fmt: skip
    lines = found.stdout.decode(errors="replace").splitlines()
    if found.code != 0 or not lines or lines[0] != "true" or len(lines) < 2:
        return None
    branch = await git(
        project, "symbolic-ref", "-q", "--short", "HEAD", check=False, read_only=True
    )
    head = await git(
        project, "rev-parse", "-q", "--verify", "HEAD^{commit}", check=False, read_only=True
    )
    return Repository(
        top=Path(lines[1]),
        prefix=lines[2] if len(lines) > 2 else "",
        branch=branch.text if branch.code == 0 and branch.text else None,
        head=head.text if head.code == 0 and head.text else None,
    )


async def commit_of(top: Path, revision: str) -> str | None:
    """The full commit id `revision` names, or None."""
    found = await git(
        top, "rev-parse", "-q", "--verify", "--end-of-options", f"{revision}^{{commit}}",
        check=False, read_only=True,
    )  # fmt: skip
    return found.text if found.code == 0 and found.text else None


async def resolve_base(repo: Repository, base: str | None) -> Base:
    """The session's base: the branch or commit asked for, else the branch checked out
    (or HEAD's commit when detached). Raises UnknownBase or NoCommits."""
    if base is None:
        if repo.head is None:
            raise NoCommits(
                f"the repository at {repo.top} has no commit yet: commit once"
                " (git commit --allow-empty -m start) so a session can branch from it"
            )
        return Base(repo.branch, repo.head)
    branch = await commit_of(repo.top, f"refs/heads/{base}")
    if branch is not None:
        return Base(base, branch)
    commit = await commit_of(repo.top, base)
    if commit is None:
        raise UnknownBase(f"unknown base {base!r}: no branch or commit of that name in {repo.top}")
    return Base(None, commit)


async def has_path(top: Path, commit: str, prefix: str) -> bool:
    """Whether the project's directory exists in `commit` (it may be untracked or ignored)."""
    if not prefix:
        return True
    found = await git(
        top, "cat-file", "-e", f"{commit}:{prefix.rstrip('/')}", check=False, read_only=True
    )
    return found.code == 0


async def is_ancestor(top: Path, older: str, newer: str) -> bool:
    found = await git(top, "merge-base", "--is-ancestor", older, newer, check=False, read_only=True)
    return found.code == 0


async def user_identity(top: Path) -> tuple[str, str] | None:
    """The user's configured name and email in this repository, if both are set."""
    name = await git(top, "config", "user.name", check=False, read_only=True)
    email = await git(top, "config", "user.email", check=False, read_only=True)
    if name.code or email.code or not name.text or not email.text:
        return None
    return name.text, email.text
