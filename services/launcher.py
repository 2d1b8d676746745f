"""Running the two services as child processes: for `make dev` and the end-to-end tests.

Each service is its own `python -m services.<name>` process, exactly as deployed; this
module starts one, waits until its health endpoint answers, and stops it.

Each service runs in a session (and so a process group) of its own. A terminal's Ctrl-C
then reaches only the runner, which stops the services in order (the orchestrator
records its running agents as interrupted) instead of every process of the group being
cut at once, agent CLIs included; and a service that does not stop in time is ended
with everything it started by killing its process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parent.parent

STOP_TIMEOUT = 9.0
"""Seconds the services get to stop after SIGTERM before their process groups are killed:
`make dev` must be gone within 10 s of Ctrl-C. An orchestrator with a running agent
needs about 6 of them: the SDK gives the CLI 5 s after end of input to save its
conversation (what resume needs) before it sends SIGTERM, and then the agent is recorded
as interrupted."""


class ServiceFailed(RuntimeError):
    """A service exited or never became healthy."""


@dataclass
class ServiceProcess:
    """One running service: its process and where it answers."""

    name: str
    module: str
    base_url: str
    process: subprocess.Popen[bytes]

    def health(self, timeout: float = 2.0) -> dict[str, Any]:
        """The service's `/api/health` answer; raises OSError while it does not answer."""
        with urllib.request.urlopen(f"{self.base_url}/api/health", timeout=timeout) as response:  # noqa: S310  (our own http://127.0.0.1 URL)
            body: dict[str, Any] = json.loads(response.read())
            return body

    def wait_healthy(self, timeout: float = 60.0) -> dict[str, Any]:
        """Poll the health endpoint until it answers 200, the process exits, or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                raise ServiceFailed(f"{self.name} exited with code {code} before answering")
            try:
                return self.health()
            except (OSError, urllib.error.URLError, ValueError):
                if time.monotonic() > deadline:
                    raise ServiceFailed(f"{self.name} did not answer at {self.base_url}") from None
                time.sleep(0.1)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Terminate the service (SIGTERM, then its whole process group after `timeout`)."""
        stop_services([self], timeout)

    def kill(self) -> None:
        """End the process at once, as a crash would (SIGKILL to it alone)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def kill_group(self) -> None:
        """SIGKILL the service's process group: it and anything it started that is left."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)


def stop_services(services: Iterable[ServiceProcess], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM every service at once, give them `timeout` seconds in all, then kill the
    process group of each: whatever is still running there (a service that did not stop,
    a child it left) is ended."""
    services = list(services)
    for service in services:
        if service.process.poll() is None:
            service.process.terminate()
    deadline = time.monotonic() + timeout
    for service in services:
        with contextlib.suppress(subprocess.TimeoutExpired):
            service.process.wait(max(0.0, deadline - time.monotonic()))
        service.kill_group()


def start_service(
    name: str,
    base_url: str,
    env: dict[str, str] | None = None,
    output: IO[bytes] | None = None,
) -> ServiceProcess:
    """Start `python -m services.<name>` from the repository root with `env` added, in a
    session of its own (see the module's docstring)."""
    module = f"services.{name}"
    process = subprocess.Popen(  # noqa: S603  (fixed interpreter and module)
        [sys.executable, "-m", module],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
        start_new_session=True,
    )
    return ServiceProcess(name=name, module=module, base_url=base_url, process=process)
