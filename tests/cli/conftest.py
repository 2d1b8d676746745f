"""Fixtures of the client tests: the real services once per module, a project on them.

The services are tests.support.stack's Stack, without a configured token: the orchestrator
generates one into the data directory, which is where the client must find it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.cli_client import Cli
from tests.support.stack import Stack, git_project, running_stack


@pytest.fixture(scope="module")
def stack_settings() -> dict[str, str]:
    """More PILOTHOUSE_* settings for the module's services; a module overrides this."""
    return {}


@pytest.fixture(scope="module")
def stack(
    pg_server: str,
    template_db: str,
    tmp_path_factory: pytest.TempPathFactory,
    stack_settings: dict[str, str],
) -> Iterator[Stack]:
    """Both services, the scripted model, a fresh database, and a project `demo`."""
    workdir = tmp_path_factory.mktemp("cli").resolve()
    with running_stack(
        pg_server, template_db, workdir, token=None, overrides=stack_settings
    ) as running:
        status, body = running.command(
            "/api/projects", {"path": str(git_project(running.projects_root, "demo"))}
        )
        assert status == 201, body
        yield running


@pytest.fixture(autouse=True)
async def no_client_left() -> AsyncIterator[None]:
    """Every `pilothouse` process a test started is gone after it, also when it failed."""
    try:
        yield
    finally:
        await Cli.end_all()
