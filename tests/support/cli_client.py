"""The `pilothouse` console script as a real subprocess, against a tests.support.stack Stack.

The client is given what `make dev` gives it: the services' ports in PILOTHOUSE_*
variables and the data directory holding the token the orchestrator generated.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from tests.support.stack import Stack
from tests.support.waiting import eventually

PILOTHOUSE = Path(sys.executable).parent / "pilothouse"
"""The console script `make install` (uv sync) puts beside the interpreter."""


@dataclass(frozen=True)
class CliResult:
    """How one `pilothouse` invocation ended."""

    code: int
    stdout: str
    stderr: str


def client_env(stack: Stack, **overrides: str) -> dict[str, str]:
    """The client's environment: the stack's data directory and ports, nothing else of
    Pilothouse's from the calling shell."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PILOTHOUSE_")}
    return {
        **inherited,
        "PILOTHOUSE_DATA_DIR": str(stack.data_dir),
        "PILOTHOUSE_READ_PORT": str(stack.read_port),
        "PILOTHOUSE_ORCHESTRATOR_PORT": str(stack.orchestrator_port),
        "COLUMNS": "100",
        **overrides,
    }


@dataclass
class Cli:
    """A `pilothouse` process whose output is read line by line while it runs."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None
    _started: ClassVar[list[Cli]] = []

    @classmethod
    async def end_all(cls) -> None:
        """Kill every client started since the last call that is still running, with its
        process group (tests/cli/conftest.py calls this after each test, failed or not)."""
        started, cls._started[:] = list(cls._started), []
        for client in started:
            if client.process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(client.process.pid, signal.SIGKILL)
                await client.process.wait()

    @classmethod
    async def start(
        cls, args: tuple[str, ...], env: dict[str, str], *, cwd: Path | None = None
    ) -> Cli:
        assert PILOTHOUSE.is_file(), f"{PILOTHOUSE} is missing: run `make install`"
        process = await asyncio.create_subprocess_exec(
            str(PILOTHOUSE),
            *args,
            env=env,
            cwd=cwd,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        running = cls(process)
        cls._started.append(running)
        running._reader = asyncio.create_task(running._read())
        return running

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            self.lines.append(line.decode())

    async def wait_printed(self, text: str, within: float = 120) -> None:
        """Wait until a line of standard output contains `text`."""
        await eventually(
            lambda: any(text in line for line in self.lines), within=within, what=repr(text)
        )

    async def finish(self, within: float = 240) -> CliResult:
        """Wait for the process to end (killing it after `within` seconds)."""
        assert self.process.stderr is not None
        assert self._reader is not None
        try:
            stderr = await asyncio.wait_for(self.process.stderr.read(), within)
            await asyncio.wait_for(self._reader, within)
            code = await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            await self.process.wait()
            raise AssertionError(f"pilothouse did not end; printed {self.lines[-10:]}") from None
        return CliResult(code, "".join(self.lines), stderr.decode())


async def pilothouse(
    stack: Stack, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> CliResult:
    """Run `pilothouse ARGS` against the stack, to the end."""
    running = await Cli.start(args, env or client_env(stack), cwd=cwd)
    return await running.finish()
