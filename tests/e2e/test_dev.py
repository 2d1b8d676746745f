"""`make dev`'s runner: starts both services and prints the address with the token."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.stack import TOKEN, Stack
from tests.ports import free_port

pytestmark = pytest.mark.e2e


def test_dev_prints_the_ui_address_with_the_token(stack: Stack, tmp_path: Path) -> None:
    read_port, orchestrator_port = free_port(), free_port()
    env = {
        **os.environ,
        **stack.env(),
        "PILOTHOUSE_DATA_DIR": str(tmp_path),
        "PILOTHOUSE_READ_PORT": str(read_port),
        "PILOTHOUSE_ORCHESTRATOR_PORT": str(orchestrator_port),
    }
    runner = subprocess.Popen(
        [sys.executable, "-m", "services.dev"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    address = f"http://127.0.0.1:{read_port}/#token={TOKEN}"
    # The runner's own line, printed once both services answer (not a service's banner).
    announcement = f"Open {address}"
    seen: list[str] = []
    try:
        assert runner.stdout is not None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = runner.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.strip() == announcement:
                break
        assert any(line.strip() == announcement for line in seen), "".join(seen)
        with urllib.request.urlopen(address, timeout=10) as response:
            assert b'<div id="root">' in response.read()
    finally:
        runner.send_signal(signal.SIGINT)
        runner.wait(30)
    assert runner.returncode == 0
