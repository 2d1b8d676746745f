"""The read service under test: in this process under uvicorn, or as a child process.

`serve` runs the app on a free port of 127.0.0.1 (the fixtures of tests/read/conftest.py
use it); `ReadProcess` is `python -m services.read` for tests that restart the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from litestar import Litestar

from services.read.routes.dependencies import ReadService
from services.read.server import server_config
from shared.contract.cursor import ORIGIN, Cursor
from shared.db.migrations import REPO_ROOT
from tests.support import writers
from tests.support.databases import TestDatabase
from tests.support.ports import free_port
from tests.support.waiting import eventually
from tests.support.writers import Conn

__all__ = ["Conn", "ReadProcess", "RunningRead", "serve", "tailer_caught_up"]


@dataclass(frozen=True)
class RunningRead:
    """A read service listening on `url`."""

    url: str
    app: Litestar

    @property
    def state(self) -> ReadService:
        read: ReadService = self.app.state["read"]
        return read


@contextlib.asynccontextmanager
async def serve(app: Litestar, *, send_buffer: int | None = None) -> AsyncIterator[str]:
    """Run `app` under uvicorn on a free port until the block ends. `send_buffer` fixes
    the kernel send buffer of every accepted connection (they inherit it from the
    listening socket), so a client that stops reading pushes back after kilobytes."""
    listener = socket.socket()
    if send_buffer is not None:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(server_config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        await eventually(lambda: server.started or task.done(), what="uvicorn to start")
        if task.done():
            task.result()
            raise RuntimeError("the read service did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        listener.close()


class ReadProcess:
    """`python -m services.read` as a child process, on one port across restarts."""

    def __init__(self, database: TestDatabase, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._env = {
            **os.environ,
            "DATABASE_URL": database.url,
            "PILOTHOUSE_READ_DATABASE_URL": database.reader_url,
            "PILOTHOUSE_READ_PORT": str(self.port),
            "PILOTHOUSE_DATA_DIR": str(data_dir),
            "PILOTHOUSE_LOG_LEVEL": "warning",
        }
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "services.read",
            cwd=REPO_ROOT,
            env=self._env,
            start_new_session=True,
        )
        process = self._process
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:

            async def listening() -> bool:
                assert process.returncode is None, "the read service exited"
                with contextlib.suppress(httpx.HTTPError):
                    body = (await client.get("/api/health")).json()
                    return bool(body["feed"]["listening"])
                return False

            await eventually(listening, within=30, every=0.05, what="the read service to listen")

    async def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL if it lingers)."""
        if self._process is None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self._process.wait(), timeout=10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            await self._process.wait()
        self._process = None


async def tailer_caught_up(read: RunningRead, writer: Conn) -> None:
    """Wait until the service's tailer has passed every event written so far, so that a
    live subscription (no `after`) starts after them."""
    [last] = (await writers.positions(writer))[-1:] or [ORIGIN.token]
    target = Cursor.parse(last)
    await eventually(lambda: (read.state.hub.position or ORIGIN) >= target, what="the tailer")
