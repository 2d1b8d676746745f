"""`python -m services.dev` (what `make dev` runs) as a child process, and its end.

The runner starts in a session of its own and its services in theirs; `end()` kills
every process group found under it, so a test that fails leaves nothing running.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from tests.support.processes import descendants, kill_groups
from tests.support.waiting import eventually_blocking

REPO = Path(__file__).resolve().parents[2]

SIGINT_IGNORED = ["/bin/sh", "-c", 'trap "" INT; exec "$0" -m services.dev', sys.executable]
"""How a background job of a non-interactive shell starts it: SIGINT ignored, inherited
across exec (as under nohup, some CI runners and supervisors)."""
PLAIN = [sys.executable, "-m", "services.dev"]


class DevRunner:
    """One `make dev`; its output is collected line by line while it runs."""

    def __init__(self, env: dict[str, str], command: list[str]) -> None:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("PILOTHOUSE_")}
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env={**inherited, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._seen: set[int] = set()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)

    def wait_printed(self, line: str, within: float = 90) -> None:
        """Wait for a line of output equal to `line` (stripped); fail if the runner exits."""

        def printed() -> bool:
            if any(seen.strip() == line for seen in self.lines):
                return True
            assert self.process.poll() is None, f"make dev exited:\n{self.output()}"
            return False

        eventually_blocking(printed, within=within, what=f"{line!r} in:\n{self.output()}")

    def family(self) -> list[int]:
        """The runner's live descendants (services, agent CLIs, their tools), remembered so
        that `end()` finds them even after the runner is gone."""
        found = descendants(self.process.pid)
        self._seen.update(found)
        return found

    def end(self) -> None:
        """Kill every process group the runner or anything under it is in."""
        self.family()
        kill_groups([self.process.pid, *self._seen])
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self._reader.join(10)
