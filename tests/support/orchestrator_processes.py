"""Orchestrator processes a test launches (each stopped at its end), and commands to them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from shared.config.settings import Settings
from tests.support.orchestrator import AUTH
from tests.support.processes import OrchestratorProcess


class Launched:
    """The orchestrator processes of one test, their logs in its directory."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self.processes: list[OrchestratorProcess] = []

    async def launch(self, settings: Settings, **env: str) -> OrchestratorProcess:
        """Start one more, with `env` over its usual environment; returns once healthy."""
        log = self._directory / f"orchestrator-{len(self.processes)}.log"
        process = OrchestratorProcess(settings, log)
        process.env.update(env)
        self.processes.append(process)
        await process.start()
        return process


@contextlib.contextmanager
def launched_orchestrators(directory: Path) -> Iterator[Launched]:
    """Orchestrators launched inside the block; stopped (or already dead) after it."""
    launched = Launched(directory)
    try:
        yield launched
    finally:
        with contextlib.ExitStack() as stopping:  # each one stopped, even if another fails to
            for process in launched.processes:
                stopping.callback(process.stop)


async def post(process: OrchestratorProcess, path: str, body: Any = None) -> dict[str, Any]:
    """A command to `process`, which must accept it; its answer."""
    async with httpx.AsyncClient(base_url=process.url, headers=AUTH) as client:
        response = await client.post(path, json=body)
    assert response.status_code in (200, 201, 202), response.text
    answer: dict[str, Any] = response.json()
    return answer
