"""Fixtures of the client tests: the real services once per module, a project on them.

The database is a copy of the migrated template (like tests/conftest.py's `database`,
but kept for the module: starting two services per test would dominate the run).
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import msgspec
import pytest

from shared.database import reader_url, with_dbname
from shared.settings import Settings
from tests.cli.stack import Stack
from tests.conftest import TestDatabase, _create, _drop
from tests.orchestrator.conftest import orchestrator_settings
from tests.orchestrator.processes import OrchestratorProcess
from tests.read.conftest import ReadProcess


def git_project(workspace: Path, name: str) -> Path:
    """A small git repository under the allowed root."""
    path = workspace / name
    path.mkdir(parents=True)
    (path / "README.md").write_text(f"# {name}\n")
    subprocess.run(["git", "init", "-q", "-b", "trunk", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
async def stack(
    pg_server: str, template_db: str, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    """Both services, the scripted model, a fresh database, and a project `demo`."""
    name = f"ph_cli_{secrets.token_hex(4)}"
    _create(pg_server, name, template=template_db)
    url = with_dbname(pg_server, name)
    database = TestDatabase(name=name, url=url, reader_url=reader_url(url, settings))
    root = tmp_path_factory.mktemp("cli")
    workspace = (root / "workspace").resolve()
    workspace.mkdir()
    # No token in the environment: the orchestrator generates one into the data
    # directory, which is where the client must find it.
    configured = orchestrator_settings(root, workspace, database, max_running_agents=2)
    configured = msgspec.structs.replace(configured, token=None)
    orchestrator = OrchestratorProcess(configured, root / "orchestrator.log")
    read = ReadProcess(database, configured.data_dir)
    running = Stack(database, configured.data_dir, workspace, read, orchestrator)
    try:
        await read.start()
        await orchestrator.start()
        project = git_project(workspace, "demo")
        async with httpx.AsyncClient(base_url=orchestrator.url) as client:
            answer = await client.post(
                "/api/projects",
                json={"path": str(project)},
                headers={"Authorization": f"Bearer {running.token}"},
            )
        assert answer.status_code == 201, answer.text
        yield running
    finally:
        orchestrator.stop()
        await read.stop()
        _drop(pg_server, name)
