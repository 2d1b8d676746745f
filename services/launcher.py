"""Running the two services as child processes: for `make dev` and the end-to-end tests.

Each service is its own `python -m services.<name>` process, exactly as deployed; this
module starts one, waits until its health endpoint answers, and stops it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REPO_ROOT = Path(__file__).resolve().parent.parent


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

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the process (SIGTERM, then SIGKILL after `timeout`)."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def kill(self) -> None:
        """End the process at once, as a crash would (SIGKILL)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def start_service(
    name: str,
    base_url: str,
    env: dict[str, str] | None = None,
    output: IO[bytes] | None = None,
) -> ServiceProcess:
    """Start `python -m services.<name>` from the repository root with `env` added."""
    module = f"services.{name}"
    process = subprocess.Popen(  # noqa: S603  (fixed interpreter and module)
        [sys.executable, "-m", module],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
    )
    return ServiceProcess(name=name, module=module, base_url=base_url, process=process)
