"""Journal writers in processes of their own (writer_process.py), driven from the bench:
so what they write is not held up by the clients the bench runs in its own event loop,
and several really write at once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from typing import NamedTuple


class Answer(NamedTuple):
    """One run of one writer, in time.monotonic (comparable across processes)."""

    started: float
    first_commit: float
    ended: float
    rows: int


class WriterProcess:
    """One writer process: `go` starts a run, `answer` waits for its end."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def go(self, rows: int, batch: int) -> None:
        """Append `rows` log entries, `batch` per transaction."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"go {rows} {batch}\n".encode())
        await self.process.stdin.drain()

    async def answer(self) -> Answer:
        assert self.process.stdout is not None
        started, first, ended, rows = (await self.process.stdout.readline()).split()
        return Answer(float(started), float(first), float(ended), int(rows))


@contextlib.asynccontextmanager
async def writer_processes(
    url: str, scheme: str, scopes: list[tuple[int, int, int]]
) -> AsyncIterator[list[WriterProcess]]:
    """One ready writer process per (project, session, agent) scope, on `url`."""
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.bench.writer_process",
            url,
            scheme,
            *map(str, scope),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=dict(os.environ),
        )
        for scope in scopes
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            assert (await process.stdout.readline()).strip() == b"ready"
        yield [WriterProcess(process) for process in processes]
    finally:
        for process in processes:
            if process.stdin is not None:
                process.stdin.close()
            await process.wait()
