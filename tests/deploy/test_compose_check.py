"""`make compose-check` says clearly when it cannot run, and with a code of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.compose_files import REPO


def _check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COMPOSE_CHECK_ALLOW_SKIP"}
    env.update(DOCKER_HOST=f"unix://{tmp_path}/no-engine.sock", **extra)
    return subprocess.run(
        [sys.executable, "-m", "tests.support.compose_check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("extra", "code", "word"),
    [({}, 2, "NOT RUN"), ({"COMPOSE_CHECK_ALLOW_SKIP": "1"}, 0, "SKIP")],
    ids=["not-run", "skip-allowed"],
)
def test_without_an_engine_it_says_what_it_could_not_do(
    tmp_path: Path, extra: dict[str, str], code: int, word: str
) -> None:
    done = _check(tmp_path, **extra)
    assert done.returncode == code, done
    [line] = done.stdout.splitlines()[-1:]
    assert line.startswith(f"compose-check: {word}: "), line
    assert "docker" in line.lower(), line
    assert line.endswith("nothing was built or started"), line
