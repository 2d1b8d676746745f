"""Both services as real processes, and the `pilothouse` console script run against them.

Built from the existing helpers: the read service is tests.read's ReadProcess (one port
across restarts), the orchestrator tests.orchestrator's OrchestratorProcess with the
scripted model. Both share one data directory, as under `make dev`, so the client finds
their addresses in PILOTHOUSE_* variables and the generated token in that directory.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import TestDatabase
from tests.orchestrator.processes import OrchestratorProcess
from tests.read.conftest import ReadProcess
from tests.read.feed_client import eventually

PILOTHOUSE = Path(sys.executable).parent / "pilothouse"
"""The console script `make install` (uv sync) puts beside the interpreter."""


@dataclass(frozen=True)
class CliResult:
    """How one `pilothouse` invocation ended."""

    code: int
    stdout: str
    stderr: str


@dataclass
class Stack:
    """A read service and an orchestrator over one test database and data directory."""

    database: TestDatabase
    data_dir: Path
    workspace: Path
    read: ReadProcess
    orchestrator: OrchestratorProcess

    @property
    def token(self) -> str:
        """The token the orchestrator generated on first start, as under `make dev`."""
        return (self.data_dir / "token").read_text().strip()

    def env(self, **overrides: str) -> dict[str, str]:
        """The client's environment: the services' data directory and ports, nothing else
        of Pilothouse's from the calling shell."""
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("PILOTHOUSE_")}
        return {
            **inherited,
            "PILOTHOUSE_DATA_DIR": str(self.data_dir),
            "PILOTHOUSE_READ_PORT": str(self.read.port),
            "PILOTHOUSE_ORCHESTRATOR_PORT": str(self.orchestrator.port),
            "COLUMNS": "100",
            **overrides,
        }

    async def cli(
        self, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> CliResult:
        """Run `pilothouse ARGS` to the end."""
        running = await Cli.start(args, env or self.env(), cwd=cwd)
        return await running.finish()


@dataclass
class Cli:
    """A `pilothouse` process whose output is read line by line while it runs."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    _reader: asyncio.Task[None] | None = None

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
        )
        running = cls(process)
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
                self.process.kill()
            await self.process.wait()
            raise AssertionError(f"pilothouse did not end; printed {self.lines[-10:]}") from None
        return CliResult(code, "".join(self.lines), stderr.decode())
