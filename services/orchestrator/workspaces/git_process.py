"""Running git on users' repositories: one async helper, configured to stay out of harm's way.

Every command runs with configuration that keeps the user's own machinery out of ours:
no hooks (a pre-commit hook must not block an agent's commit, nor run on an approve), no
signing prompts, no file-system monitor, no automatic gc, no colour, no pager, no
credential prompt; and with none of the caller's GIT_* variables, which could point git
at another repository. Commands that only read the user's checkout pass
`read_only=True`: GIT_OPTIONAL_LOCKS=0 stops `git status` from refreshing (rewriting)
the index, so reading leaves HEAD, index and working tree byte for byte as they were.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.quotePath=false",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "color.ui=false",
    "advice.detachedHead=false",
    "merge.autoStash=false",
    "rebase.autoStash=false",
    "rebase.autoSquash=false",
    "rebase.updateRefs=false",
)
"""`-c` settings every command gets, over the user's configuration."""


@dataclass(frozen=True)
class Identity:
    """Who a commit names, as author or committer."""

    name: str
    email: str

    def env(self, role: str) -> dict[str, str]:
        """GIT_AUTHOR_* or GIT_COMMITTER_* for this identity (`role` is AUTHOR/COMMITTER)."""
        return {f"GIT_{role}_NAME": self.name, f"GIT_{role}_EMAIL": self.email}


PILOTHOUSE = Identity("Pilothouse", "pilothouse@pilothouse.invalid")
"""The committer of every commit Pilothouse makes (an `.invalid` address: never mail)."""


class GitFailed(RuntimeError):
    """A git command exited non-zero; the message holds its first lines of stderr."""

    def __init__(self, args: Sequence[str], code: int, stderr: str) -> None:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        said = "; ".join(lines[:3]) or f"exit code {code}"
        super().__init__(f"git {' '.join(args[:3])}: {said}")
        self.code = code
        self.stderr = stderr


@dataclass(frozen=True)
class GitResult:
    code: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        """Standard output as text, without the trailing newline."""
        return self.stdout.decode(errors="replace").strip()

    def fields(self) -> list[str]:
        """Standard output of a `-z` command: its NUL-separated fields, empty ones dropped."""
        return [part.decode(errors="replace") for part in self.stdout.split(b"\0") if part]


def git_env(*, read_only: bool = False, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a git process (see the module's docstring)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        GIT_EDITOR="true",
        GIT_MERGE_AUTOEDIT="no",
        LC_ALL="C",
    )
    if read_only:
        env["GIT_OPTIONAL_LOCKS"] = "0"
    env.update(extra or {})
    return env


def git_argv(*args: str) -> list[str]:
    """`git -c … args` with SAFE_CONFIG."""
    argv = ["git"]
    for setting in SAFE_CONFIG:
        argv += ["-c", setting]
    return [*argv, *args]


async def git(
    cwd: Path,
    *args: str,
    check: bool = True,
    read_only: bool = False,
    env: Mapping[str, str] | None = None,
) -> GitResult:
    """Run `git args` in `cwd` to its end; raises GitFailed on a non-zero exit if `check`."""
    process = await asyncio.create_subprocess_exec(
        *git_argv(*args),
        cwd=cwd,
        env=git_env(read_only=read_only, extra=env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await process.communicate()
    code = process.returncode or 0
    result = GitResult(code, stdout, stderr.decode(errors="replace"))
    if check and code != 0:
        raise GitFailed(args, code, result.stderr)
    return result
