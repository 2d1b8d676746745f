"""Real processes for the agent tests: orchestrators to kill, CLIs to look for in /proc."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from shared.config.settings import Settings
from tests.support.ports import free_port
from tests.support.waiting import eventually

REPO = Path(__file__).resolve().parents[2]


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the command name: state, ppid, pgrp, ..."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def descendants(root: int) -> list[int]:
    """Live processes started by `root`, its children's children included."""
    parents = {pid: fields[1] for pid in _pids() if (fields := _stat_fields(pid))}
    found: list[int] = []
    frontier = {str(root)}
    while frontier:
        children = [pid for pid, ppid in parents.items() if ppid in frontier]
        found += children
        frontier = {str(pid) for pid in children}
    return [pid for pid in found if alive(pid)]


def process_group(pid: int) -> int | None:
    """The process group of `pid`, or None once it is gone."""
    fields = _stat_fields(pid)
    return int(fields[2]) if fields else None


def kill_groups(pids: list[int]) -> None:
    """SIGKILL the process group of each of `pids` (never this test process's own)."""
    own = os.getpgrp()
    for group in {process_group(pid) for pid in pids} - {None, own}:
        assert group is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)


def agent_clis(data_dir: Path) -> list[int]:
    """Live Claude Code CLIs started by an orchestrator on `data_dir`: their HOME is its
    private agent home (they carry no PILOTHOUSE_* variable to find them by)."""
    marker = f"\0HOME={data_dir / 'agent-home'}\0".encode()
    return [
        pid
        for pid in _pids()
        if b"/_bundled/claude" in _cmdline(pid) and marker in b"\0" + _environ(pid) and alive(pid)
    ]


def _cwd(pid: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd"))
    except OSError:
        return None


def processes_running(fragment: str, *, under: Path) -> list[int]:
    """Live processes whose command line contains `fragment` and whose working directory
    lies under `under` (a test's own directory: another suite running on the machine at
    the same time runs the same commands elsewhere)."""
    needle = fragment.encode()
    root = under.resolve()
    return [
        pid
        for pid in _pids()
        if needle in _cmdline(pid)
        and pid != os.getpid()
        and (cwd := _cwd(pid)) is not None
        and cwd.is_relative_to(root)
        and alive(pid)
    ]


class OrchestratorProcess:
    """`python -m services.orchestrator` in its own process, configured like `make dev`."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": settings.database_url or "",
            "PILOTHOUSE_DATA_DIR": str(settings.data_dir),
            "PILOTHOUSE_ROOTS": os.pathsep.join(str(root) for root in settings.roots),
            "PILOTHOUSE_TOKEN": settings.token or "",
            "PILOTHOUSE_MODEL_MODE": settings.model_mode,
            "PILOTHOUSE_MAX_RUNNING_AGENTS": str(settings.max_running_agents),
            "PILOTHOUSE_ORCHESTRATOR_PORT": str(self.port),
            "PILOTHOUSE_LOG_LEVEL": "info",
        }
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: ASYNC220 (returns at once)
                [sys.executable, "-m", "services.orchestrator"],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its group holds its agent CLIs: stop() ends them all
            )

        async def healthy() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"orchestrator exited: {self.log_path.read_text()[-2000:]}")
            try:
                async with httpx.AsyncClient() as client:
                    return (await client.get(f"{self.url}/api/health")).status_code == 200
            except httpx.TransportError:
                return False

        await eventually(healthy, within=60, every=0.2)

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to the whole process group: nothing it started is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=40)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
