"""What every benchmark needs: a scratch database, a read service process and the
baseline servers as child processes, process memory and CPU. A figure is an async
function taking a Bench and returning a dict of named numbers; __main__.py runs them
and prints the results."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass

import httpx
import websockets
from websockets.asyncio.client import ClientConnection

from shared.config.settings import Settings, get_settings
from shared.db import migrations
from shared.db.database import reader_url
from tests.bench.results import Figures
from tests.support.database_server import resolve_test_server
from tests.support.databases import scratch_database
from tests.support.ports import free_port

Figure = Callable[["Bench"], Awaitable[Figures]]


def rss_bytes(pid: int, field: str = "VmRSS") -> int:
    """Resident memory of process `pid` from /proc/<pid>/status: now (VmRSS), or its
    peak so far (VmHWM)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for process {pid}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process `pid` has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of proc_pid_stat(5), in clock ticks.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def raise_fd_limit(needed: int) -> None:
    """Let this process (and the children it starts) open `needed` files, if the hard
    limit allows: every WebSocket client is one descriptor here and one in the server."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        ceiling = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


@dataclass(frozen=True)
class Database:
    """A scratch database migrated to head."""

    url: str
    reader_url: str


@dataclass(frozen=True)
class Bench:
    """The machine's PostgreSQL server and the settings; figures make what they need."""

    server_url: str
    settings: Settings

    @contextlib.contextmanager
    def database(self, revision: str = "head") -> Iterator[Database]:
        """A fresh database migrated to `revision` for one figure, dropped afterwards."""
        with scratch_database(self.server_url, "ph_bench") as url:
            migrations.upgrade(url, revision)
            yield Database(url, reader_url(url, self.settings))

    @contextlib.asynccontextmanager
    async def read_service(self, database: Database) -> AsyncIterator[str]:
        """`python -m services.read` on the database; yields its base URL."""
        async with self.read_service_process(database) as (url, _):
            yield url

    @contextlib.asynccontextmanager
    async def read_service_process(self, database: Database) -> AsyncIterator[tuple[str, int]]:
        """`python -m services.read` on the database; yields its base URL and pid."""
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database.url,
            "PILOTHOUSE_READ_DATABASE_URL": database.reader_url,
            "PILOTHOUSE_READ_PORT": str(port),
            "PILOTHOUSE_LOG_LEVEL": "warning",
        }
        async with child_process([sys.executable, "-m", "services.read"], env) as process:
            url = f"http://127.0.0.1:{port}"
            await wait_listening(url)
            yield url, process.pid


@contextlib.asynccontextmanager
async def child_process(
    argv: list[str], env: dict[str, str]
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run a child process for the duration of the block; SIGTERM it afterwards."""
    process = await asyncio.create_subprocess_exec(*argv, env=env)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


async def first_connection(url: str, within: float = 30) -> ClientConnection:
    """A WebSocket connection to `url`, retried until the server starting there accepts."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            return await websockets.connect(url, max_size=None, compression=None)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.1)


@dataclass(frozen=True)
class BroadcastServer:
    """A baseline fan-out server in a child process (bare_broadcast.py, channels_app.py):
    its clients' URL, its pid, and the control connection that loads frames and says go."""

    url: str
    pid: int
    control: ClientConnection

    async def load(self, frames: list[str]) -> None:
        """Hand the server the frames to send next."""
        for frame in frames:
            await self.control.send(frame)
        # A round trip: every frame has arrived once the answer is back.
        await self.control.send("ping")
        while await self.control.recv() != "pong":
            pass

    async def go(self) -> None:
        """Have the loaded frames sent to every client (returns at once)."""
        await self.control.send("go")

    async def done(self) -> None:
        """Wait for the server to say it has handed every frame on."""
        while await self.control.recv() != "done":
            pass


@contextlib.asynccontextmanager
async def bare_server() -> AsyncIterator[BroadcastServer]:
    """The bare websockets broadcast server in a child process, up and connected to."""
    port = free_port()
    argv = [sys.executable, "-m", "tests.bench.bare_broadcast", str(port)]
    async with child_process(argv, dict(os.environ)) as process:
        url = f"ws://127.0.0.1:{port}/"
        async with await first_connection(url) as control:
            yield BroadcastServer(url, process.pid, control)


@contextlib.asynccontextmanager
async def channels_server() -> AsyncIterator[BroadcastServer]:
    """The ChannelsPlugin app in a child process, up and connected to."""
    from tests.bench.channels_app import PATH  # noqa: PLC0415 (imports litestar's plugin)

    port = free_port()
    argv = [sys.executable, "-m", "tests.bench.channels_app", str(port)]
    control_url = f"ws://127.0.0.1:{port}/control"
    async with (
        child_process(argv, dict(os.environ)) as process,
        await first_connection(control_url) as control,
    ):
        yield BroadcastServer(f"ws://127.0.0.1:{port}{PATH}", process.pid, control)


@contextlib.asynccontextmanager
async def relay_server(database: Database, session_id: int) -> AsyncIterator[str]:
    """The bare NOTIFY → SELECT → WebSocket relay of one session; yields its URL."""
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "tests.bench.bare_relay",
        str(port),
        database.reader_url,
        str(session_id),
    ]
    async with child_process(argv, dict(os.environ)):
        url = f"ws://127.0.0.1:{port}/"
        probe = await first_connection(url)
        await probe.close()
        yield url


async def wait_listening(url: str, within: float = 60) -> None:
    """Until the read service answers health with its feed listening."""
    deadline = asyncio.get_running_loop().time() + within
    async with httpx.AsyncClient(base_url=url, timeout=2) as client:
        while asyncio.get_running_loop().time() < deadline:
            with contextlib.suppress(httpx.HTTPError, KeyError):
                if (await client.get("/api/health")).json()["feed"]["listening"]:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the read service at {url} did not come up")


@contextlib.contextmanager
def bench_server() -> Iterator[Bench]:
    """The server the test suite would use (DATABASE_URL, testcontainers or embedded)."""
    settings = get_settings()
    with resolve_test_server(settings) as resolved:
        yield Bench(server_url=resolved.url, settings=settings)
