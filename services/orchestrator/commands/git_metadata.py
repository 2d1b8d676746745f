"""What Pilothouse reads from a project's git metadata: its default branch.

Only files are read (no `git` process): `.git` may be a directory or, in worktrees and
submodules, a file pointing elsewhere; that pointer is confined to the allowed roots
like any user-given path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from shared.config.paths import PathRefused, confine

_BRANCH_PREFIX = "ref: refs/heads/"
_REMOTE_HEAD_PREFIX = "ref: refs/remotes/origin/"


def git_dir(project: Path, roots: Iterable[Path]) -> Path | None:
    """The project's git directory, if it has one inside the allowed roots."""
    dot_git = project / ".git"
    try:
        if dot_git.is_dir():
            return confine(dot_git, roots)
        if dot_git.is_file():
            text = dot_git.read_text(errors="replace").strip()
            if text.startswith("gitdir:"):
                pointed = Path(text.removeprefix("gitdir:").strip())
                target = pointed if pointed.is_absolute() else project / pointed
                return confine(target, roots)
    except (OSError, PathRefused):
        return None
    return None


def _read_ref(path: Path, prefix: str) -> str | None:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return None
    return text.removeprefix(prefix) if text.startswith(prefix) else None


def default_branch(project: Path, roots: Iterable[Path]) -> str | None:
    """origin's HEAD branch when known, else the branch checked out; None without git."""
    roots = tuple(roots)
    found = git_dir(project, roots)
    if found is None:
        return None
    remote = _read_ref(found / "refs" / "remotes" / "origin" / "HEAD", _REMOTE_HEAD_PREFIX)
    if remote:
        return remote
    return _read_ref(found / "HEAD", _BRANCH_PREFIX)
