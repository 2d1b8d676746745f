"""Setting up a new worktree: the untracked files copied from the main checkout, then the
project's setup command, whose output goes line by line to a callback as it comes.

The command runs with `/bin/sh -c` in the worktree, in its own process group (so a
timeout stops everything it started), with no input, and with the allow-listed
environment of shared/config/child_environment.py (no secret of Pilothouse's, no model
credentials).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from shared.config.paths import PathRefused, confine_relative

TAIL_LINES = 20
MAX_LINE_CHARS = 4000
KILL_GRACE = 5.0
"""Seconds between SIGTERM and SIGKILL for a command that timed out."""


@dataclass(frozen=True)
class Copied:
    files: list[str]
    missing: list[str]
    """Configured names the main checkout does not have (or that escape it)."""


@dataclass(frozen=True)
class SetupResult:
    exit_code: int
    """The command's exit status; negative: the signal that ended it."""
    tail: str
    """Its last lines of output."""
    duration_ms: int
    timed_out: bool


def copy_files(main: Path, worktree: Path, names: list[str]) -> Copied:
    """Copy each named file or directory from the main checkout into the worktree, at the
    same relative path; names escaping either directory are reported missing."""
    copied, missing = [], []
    for name in names:
        try:
            source = confine_relative(name, main)
            target = confine_relative(name, worktree)
        except PathRefused:
            missing.append(name)
            continue
        if source.is_dir():
            shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        else:
            missing.append(name)
            continue
        copied.append(name)
    return Copied(copied, missing)


async def _stop(process: asyncio.subprocess.Process) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            await asyncio.wait_for(process.wait(), KILL_GRACE)
        except TimeoutError:
            continue
        return


async def _lines(stream: asyncio.StreamReader, line: Callable[[str], Awaitable[None]]) -> None:
    pending = b""
    while chunk := await stream.read(65536):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            await line(raw.decode(errors="replace").rstrip("\r")[:MAX_LINE_CHARS])
    if pending:
        await line(pending.decode(errors="replace").rstrip("\r")[:MAX_LINE_CHARS])


async def run_command(
    command: str,
    cwd: Path,
    on_line: Callable[[str], Awaitable[None]],
    seconds: float,
    *,
    env: Mapping[str, str],
) -> SetupResult:
    """Run the setup command to its end (or for `seconds`) with exactly `env` (the
    allow-listed child environment), passing each output line on."""
    tail: deque[str] = deque(maxlen=TAIL_LINES)

    async def line(text: str) -> None:
        tail.append(text)
        await on_line(text)

    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", command,
        cwd=cwd, env=dict(env), start_new_session=True,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdout is not None
    timed_out = False
    try:
        async with asyncio.timeout(seconds):
            await _lines(process.stdout, line)
            await process.wait()
    except TimeoutError:
        timed_out = True
        await _stop(process)
    except BaseException:
        await _stop(process)
        raise
    return SetupResult(
        exit_code=process.returncode if process.returncode is not None else -signal.SIGKILL,
        tail="\n".join(tail),
        duration_ms=int((time.monotonic() - started) * 1000),
        timed_out=timed_out,
    )
