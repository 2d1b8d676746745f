"""A scripted session through the published ports, with the terminal client.

`pilothouse run --json` prints one feed frame per line; the check reads them to learn
the session's id and to see the build phase's slow step start (the scripted model runs
a 30-second command for a `[scripted:slow]` prompt), which is when it restarts the
orchestrator. The client's exit code is the session's outcome (docs/cli.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from services.scripted_model.scripts import SLOW
from tests.support.docker_engine import CheckFailed

CLIENT = Path(sys.executable).parent / "pilothouse"
SLOW_STEP_MARK = "time.sleep(30)"
"""In the build phase's Bash call of a slow session (scripts.SLOW_COMMAND)."""


@dataclass(frozen=True)
class Client:
    read_url: str
    orchestrator_url: str
    token: str

    def args(self, *command: str) -> list[str]:
        return [
            str(CLIENT),
            "--read-url",
            self.read_url,
            "--orchestrator-url",
            self.orchestrator_url,
            "--token",
            self.token,
            *command,
        ]

    def must(self, *command: str, timeout: float = 60) -> str:
        done = subprocess.run(
            self.args(*command), capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise CheckFailed(
                f"pilothouse {' '.join(command)}: exit {done.returncode}\n{done.stderr}"
            )
        return done.stdout

    def run_slow_session(
        self, project: str, mid_build: Callable[[], None], timeout: float = 300
    ) -> tuple[int, int]:
        """Start a slow session, call `mid_build` once its slow step runs; (id, exit code)."""
        process = subprocess.Popen(
            self.args("run", project, f"Compose check {SLOW}", "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        session_id: int | None = None
        acted = False
        try:
            assert process.stdout is not None
            for line in process.stdout:
                frame = json.loads(line)
                for event in frame.get("events", []):
                    session_id = session_id or event.get("session_id")
                if not acted and SLOW_STEP_MARK in line:
                    acted = True
                    mid_build()
            code = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
        stderr = process.stderr.read() if process.stderr else ""
        if session_id is None or not acted:
            raise CheckFailed(f"the session never reached its slow build step:\n{stderr}")
        return session_id, code
