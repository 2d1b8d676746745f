"""Fixtures of the orchestrator tests: settings on a scratch database, the app, a project."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TypeAlias

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from services.orchestrator.db.unit_of_work import Store
from shared.config.settings import Settings
from shared.contract.enums import ModelMode
from tests.conftest import TestDatabase
from tests.support.git_repos import make_repo

Client: TypeAlias = AsyncTestClient[Litestar]

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


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


def orchestrator_settings(
    tmp_path: Path, workspace: Path, database: TestDatabase, **overrides: object
) -> Settings:
    base = Settings(
        data_dir=tmp_path / "data",
        database_url=database.url,
        roots=(workspace,),
        token=TOKEN,
        model_mode=ModelMode.SCRIPTED.value,
        max_running_agents=0,
    )
    return msgspec.structs.replace(base, **overrides)


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
    """An orchestrator that runs two agents at once (the scripted model answers)."""
    return orchestrator_settings(tmp_path, workspace, database, max_running_agents=2)


@pytest.fixture
async def agents(agent_settings: Settings) -> AsyncIterator[Client]:
    """The orchestrator app with its workers running."""
    async with AsyncTestClient(create_app(agent_settings)) as client:
        yield client
