"""Fixtures of the `make dev` tests: the runner's environment, and its end whatever happens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.databases import TestDatabase
from tests.support.dev_runner import DevRunner
from tests.support.ports import free_port
from tests.support.stack import TOKEN


@pytest.fixture
def dev_env(database: TestDatabase, tmp_path: Path) -> dict[str, str]:
    """What `make dev` reads: a scratch database, free ports, a data directory, the token."""
    (tmp_path / "projects").mkdir()
    return {
        "DATABASE_URL": database.url,
        "PILOTHOUSE_DATA_DIR": str(tmp_path / "data"),
        "PILOTHOUSE_READ_PORT": str(free_port()),
        "PILOTHOUSE_ORCHESTRATOR_PORT": str(free_port()),
        "PILOTHOUSE_TOKEN": TOKEN,
        "PILOTHOUSE_ROOTS": str(tmp_path / "projects"),
        "PILOTHOUSE_MODEL_MODE": "scripted",
        "PILOTHOUSE_LOG_LEVEL": "warning",
    }


@pytest.fixture
def make_dev(dev_env: dict[str, str]) -> Iterator[Callable[[list[str]], DevRunner]]:
    """Start `make dev` with a command line (DevRunner's PLAIN or SIGINT_IGNORED); every
    runner started is ended, with all its process groups, when the test ends."""
    started: list[DevRunner] = []

    def start(command: list[str]) -> DevRunner:
        runner = DevRunner(dev_env, command)
        started.append(runner)
        return runner

    try:
        yield start
    finally:
        for runner in started:
            runner.end()
