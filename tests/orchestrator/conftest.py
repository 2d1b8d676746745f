"""Fixtures of the orchestrator tests: settings on a scratch database, the app, a project."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from services.orchestrator.db.unit_of_work import Store
from shared.config.settings import Settings
from tests.support.databases import TestDatabase
from tests.support.git_repos import make_repo
from tests.support.orchestrator import Client, orchestrator_settings


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The allowed root projects live under."""
    root = tmp_path / "workspace"
    root.mkdir()
    return root.resolve()


@pytest.fixture
def project_dir(workspace: Path) -> Path:
    """A small git repository (one commit, on `trunk`) to register and work on."""
    return make_repo(workspace / "demo", {"README.md": "# Demo\n"})


@pytest.fixture
def settings_no_agents(tmp_path: Path, workspace: Path, database: TestDatabase) -> Settings:
    """An orchestrator that takes commands but claims nothing (max_running_agents=0)."""
    return orchestrator_settings(tmp_path, workspace, database)


@pytest.fixture
async def store(database: TestDatabase) -> AsyncIterator[Store]:
    """The orchestrator's own pool on the test database, for tests below the HTTP layer."""
    opened = Store(database.url)
    await opened.open()
    yield opened
    await opened.close()


@pytest.fixture
async def client(settings_no_agents: Settings) -> AsyncIterator[Client]:
    app = create_app(settings_no_agents)
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture
def agent_settings(tmp_path: Path, workspace: Path, database: TestDatabase) -> Settings:
    """An orchestrator that runs agents, two at a time."""
    return orchestrator_settings(tmp_path, workspace, database, max_running_agents=2)


@pytest.fixture
async def agents(agent_settings: Settings) -> AsyncIterator[Client]:
    """The app of `agent_settings`, started (its queue claims and runs sessions)."""
    async with AsyncTestClient(create_app(agent_settings)) as client:
        yield client
