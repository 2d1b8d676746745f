"""Fixtures of the read service tests: the service on a real socket, a writer, HTTP.

`start_read` runs the app under uvicorn in this process on a free port of 127.0.0.1
(tests that restart the service use `read_process` instead, a real child process).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from psycopg import AsyncConnection

from services.read.app import create_app
from shared.config.settings import Settings
from tests.support.databases import TestDatabase
from tests.support.read_service import Conn, ReadProcess, RunningRead, serve
from tests.support.waiting import eventually


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
    """An owner connection, writing as the orchestrator does (see tests/support/writers.py)."""
    async with await AsyncConnection.connect(database.url, autocommit=True) as conn:
        yield conn


@pytest.fixture
async def read_process(database: TestDatabase, tmp_path: Path) -> AsyncIterator[ReadProcess]:
    process = ReadProcess(database, tmp_path / "data")
    try:
        yield process
    finally:
        await process.stop()
