"""The real product for browser and terminal-client tests: a scratch database and both
services as processes.

Services run exactly as deployed (`python -m services.read`, `python -m
services.orchestrator`) with the scripted model, on free ports of 127.0.0.1. Either
service can be killed and started again on the same port, as in a crash.
"""

from __future__ import annotations

import contextlib
import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from services.launcher import ServiceProcess, start_service, stop_services
from tests.support.databases import scratch_database
from tests.support.git_repos import make_repo
from tests.support.ports import free_port

TOKEN = "e2e-token-0123456789"
UNFENCED = {"PILOTHOUSE_UNFENCED": "1"}
"""The overrides of a stack whose orchestrator runs agents without the fence, labelled."""


def git_project(root: Path, name: str) -> Path:
    """A small git repository (one commit, on `trunk`) under the allowed root."""
    return make_repo(root / name)


@dataclass
class Stack:
    """Both services over one database, and where their logs go."""

    database_url: str
    workdir: Path
    read_port: int = field(default_factory=free_port)
    orchestrator_port: int = field(default_factory=free_port)
    read: ServiceProcess | None = None
    orchestrator: ServiceProcess | None = None
    token: str | None = TOKEN
    """None: the orchestrator generates one into the data directory, as under `make dev`."""
    label: str = ""
    """Suffix of the log files, so several stacks can share one workdir (scale-out tests)."""
    overrides: dict[str, str] = field(default_factory=dict)
    """More PILOTHOUSE_* settings for both services, over the defaults of env()."""
    _logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def projects_root(self) -> Path:
        return self.workdir / "projects"

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    @property
    def access_token(self) -> str:
        """The token commands need: the configured one, else the one generated on start."""
        return self.token or (self.data_dir / "token").read_text().strip()

    @property
    def read_url(self) -> str:
        return f"http://127.0.0.1:{self.read_port}"

    @property
    def orchestrator_url(self) -> str:
        return f"http://127.0.0.1:{self.orchestrator_port}"

    def env(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.database_url,
            "PILOTHOUSE_DATA_DIR": str(self.data_dir),
            "PILOTHOUSE_READ_HOST": "127.0.0.1",
            "PILOTHOUSE_READ_PORT": str(self.read_port),
            "PILOTHOUSE_ORCHESTRATOR_HOST": "127.0.0.1",
            "PILOTHOUSE_ORCHESTRATOR_PORT": str(self.orchestrator_port),
            "PILOTHOUSE_TOKEN": self.token or "",
            "PILOTHOUSE_ROOTS": str(self.projects_root),
            "PILOTHOUSE_MODEL_MODE": "scripted",
            # Info, as by default: access lines included (a test checks no token is in them).
            "PILOTHOUSE_LOG_LEVEL": "info",
            **self.overrides,
        }

    def _log_path(self, name: str) -> Path:
        return self.workdir / f"{name}{self.label}.log"

    def _launch(self, name: str, url: str) -> ServiceProcess:
        log = self._log_path(name).open("ab")
        self._logs.append(log)
        return start_service(name, url, self.env(), output=log)

    def _start(self, name: str, url: str) -> ServiceProcess:
        service = self._launch(name, url)
        service.wait_healthy(timeout=90)
        return service

    def start(self) -> None:
        """Launch both services, then wait for each to answer, as `make dev` does: neither
        needs the other to start, so their start-ups overlap."""
        self.projects_root.mkdir(parents=True, exist_ok=True)
        self.read = self._launch("read", self.read_url)
        self.orchestrator = self._launch("orchestrator", self.orchestrator_url)
        for service in (self.read, self.orchestrator):
            service.wait_healthy(timeout=90)

    def kill_read(self) -> None:
        """SIGKILL the read service, as a crash would."""
        assert self.read is not None
        self.read.kill()

    def start_read(self) -> None:
        self.read = self._start("read", self.read_url)

    def kill_orchestrator(self) -> None:
        """SIGKILL the orchestrator mid-work, as a crash would."""
        assert self.orchestrator is not None
        self.orchestrator.kill()

    def start_orchestrator(self) -> None:
        self.orchestrator = self._start("orchestrator", self.orchestrator_url)

    def stop(self) -> None:
        """Stop both services at once; each one's process group is ended after it."""
        try:
            stop_services(service for service in (self.orchestrator, self.read) if service)
        finally:
            for log in self._logs:
                log.close()

    def logs(self, tail: int | None = 4000) -> str:
        """The services' output (the last `tail` characters of each; all with None)."""
        parts = []
        for name in ("read", "orchestrator"):
            path = self._log_path(name)
            if path.exists():
                text = path.read_text(errors="replace")
                parts.append(f"--- {name}{self.label} ---\n" + text[-tail if tail else 0 :])
        return "\n".join(parts)

    def get(self, path: str) -> Any:
        """GET a read-service endpoint's JSON (the UI's own source of truth)."""
        with urllib.request.urlopen(f"{self.read_url}{path}", timeout=10) as response:
            return json.loads(response.read())

    def command(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        """POST a command to the orchestrator; returns (status, JSON body), errors included."""
        request = urllib.request.Request(
            f"{self.orchestrator_url}{path}",
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.access_token}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@contextlib.contextmanager
def running_stack(
    pg_server: str,
    template_db: str,
    workdir: Path,
    *,
    token: str | None = TOKEN,
    overrides: dict[str, str] | None = None,
) -> Iterator[Stack]:
    """Both services on a fresh copy of the migrated template database, until the block ends."""
    with scratch_database(pg_server, "ph_stack", template=template_db) as database_url:
        running = Stack(
            database_url=database_url, workdir=workdir, token=token, overrides=overrides or {}
        )
        try:
            running.start()
            yield running
        finally:
            running.stop()
