"""Real git repositories for tests: made in temporary directories, committed to with a
fixed identity, and fingerprinted so a test can prove a checkout unchanged byte for byte.

Every repository a test touches is one it made here; none is the user's.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test User",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test User",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` (as the test user, no hooks); its standard output, stripped."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | IDENTITY
    done = subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false", *args],
        cwd=repo, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def make_repo(path: Path, files: dict[str, str] | None = None, branch: str = "trunk") -> Path:
    """A repository at `path` on `branch` with one commit holding `files` (default: a
    README)."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", branch)
    commit(path, files or {"README.md": f"# {path.name}\n"}, "Initial commit")
    return path


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    """Write `files` (relative path → text) in `repo`, commit them all; the new HEAD."""
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def fingerprint(repo: Path) -> dict[str, str]:
    """What must not change in a checkout a refusal leaves alone: HEAD (the file and the
    commit it names), the index file's bytes, and every working-tree file's bytes (the
    `.git` directory aside). Equal fingerprints mean byte-for-byte unchanged."""
    dot_git = repo / ".git"
    found = {
        ".git/HEAD": (dot_git / "HEAD").read_text(),
        "HEAD commit": git(repo, "rev-parse", "HEAD"),
        ".git/index": hashlib.sha256((dot_git / "index").read_bytes()).hexdigest(),
    }
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not (folder == str(repo) and d == ".git")]
        for name in files:
            path = Path(folder) / name
            found[str(path.relative_to(repo))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def branches(repo: Path) -> list[str]:
    return git(repo, "branch", "--format=%(refname:short)").splitlines()


def worktrees(repo: Path) -> list[str]:
    """The paths `git worktree list` shows, the main checkout first."""
    listed = git(repo, "worktree", "list", "--porcelain").splitlines()
    return [line.removeprefix("worktree ") for line in listed if line.startswith("worktree ")]


def present(path: Path) -> bool:
    """Whether anything is at `path` (for async tests, which may not touch Path directly)."""
    return path.exists()
