"""Fixtures of the read service tests: the service on a real socket, a writer, HTTP.

`start_read` runs the app under uvicorn in this process on a free port of 127.0.0.1
(tests that restart the service use `read_process` instead, a real child process).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
import uvicorn
from litestar import Litestar
from psycopg import AsyncConnection

from services.read.app import create_app
from services.read.routes.dependencies import ReadService
from services.read.server import server_config
from shared.config.settings import Settings
from shared.contract.cursor import ORIGIN, Cursor
from shared.db.migrations import REPO_ROOT
from tests.conftest import TestDatabase
from tests.ports import free_port
from tests.read import writers
from tests.read.feed_client import eventually

Conn = AsyncConnection[tuple[Any, ...]]


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


@pytest.fixture
def read_settings(settings: Settings, tmp_path: Path) -> Settings:
    """Settings of a service under test: browsing confined to tmp_path/roots."""
    roots = tmp_path / "roots"
    roots.mkdir()
    return msgspec.structs.replace(settings, roots=(roots,), data_dir=tmp_path / "data")


@pytest.fixture
async def start_read(
    database: TestDatabase, read_settings: Settings
) -> AsyncIterator[Callable[..., Awaitable[RunningRead]]]:
    """Start a read service on the test database's read-only role: `await start_read()`."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(
            settings: Settings = read_settings, send_buffer: int | None = None, **options: Any
        ) -> RunningRead:
            options.setdefault("webui_dir", None)
            app = create_app(settings, reader_url=database.reader_url, **options)
            url = await stack.enter_async_context(serve(app, send_buffer=send_buffer))
            await eventually(lambda: app.state["read"].tailer.listening, what="feed to listen")
            return RunningRead(url, app)

        yield start


@pytest.fixture
async def read(start_read: Callable[..., Awaitable[RunningRead]]) -> RunningRead:
    return await start_read()


@pytest.fixture
async def http(read: RunningRead) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=read.url, timeout=10) as client:
        yield client


@pytest.fixture
async def writer(database: TestDatabase) -> AsyncIterator[Conn]:
    """An owner connection, writing as the orchestrator does (see writers.py)."""
    async with await AsyncConnection.connect(database.url, autocommit=True) as conn:
        yield conn


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
            sys.executable, "-m", "services.read", cwd=REPO_ROOT, env=self._env
        )
        async with httpx.AsyncClient(base_url=self.url, timeout=2) as client:
            listening = False

            async def check() -> None:
                nonlocal listening
                with contextlib.suppress(httpx.HTTPError):
                    body = (await client.get("/api/health")).json()
                    listening = body["feed"]["listening"]

            deadline = asyncio.get_running_loop().time() + 30
            while not listening:
                assert self._process.returncode is None, "the read service exited"
                assert asyncio.get_running_loop().time() < deadline, "read service start"
                await check()
                await asyncio.sleep(0.05)

    async def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL if it lingers)."""
        if self._process is None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self._process.wait(), timeout=10)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()
        self._process = None


@pytest.fixture
async def read_process(database: TestDatabase, tmp_path: Path) -> AsyncIterator[ReadProcess]:
    process = ReadProcess(database, tmp_path / "data")
    try:
        yield process
    finally:
        await process.stop()


async def tailer_caught_up(read: RunningRead, writer: Conn) -> None:
    """Wait until the service's tailer has passed every event written so far, so that a
    live subscription (no `after`) starts after them."""
    [last] = (await writers.positions(writer))[-1:] or [ORIGIN.token]
    target = Cursor.parse(last)
    await eventually(lambda: (read.state.hub.position or ORIGIN) >= target, what="the tailer")
