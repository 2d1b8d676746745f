"""A session's spending limit: the Claude-mode default, a session's own, refused when
not positive, and a session that spends it stops failed, saying so (real CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from shared.config.settings import Settings
from shared.contract.enums import ModelMode
from tests.support.agent_runs import session_row, start, until_status
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.orchestrator import AUTH, Client


async def test_claude_mode_gives_sessions_the_default_limit_unless_they_set_one(
    settings_no_agents: Settings, database: TestDatabase, project_dir: Path
) -> None:
    app = create_app(settings_no_agents, model_mode=ModelMode.CLAUDE)
    async with AsyncTestClient(app) as claude:
        default = await start(claude, project_dir, "Add a greeting")
        own = await start(claude, project_dir, "Add a greeting", max_budget_usd=2.5)
    assert (await session_row(database, default["id"]))["max_budget_usd"] == 10.0
    assert (await session_row(database, own["id"]))["max_budget_usd"] == 2.5


async def test_scripted_sessions_have_no_default_limit(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await start(client, project_dir, "Add a greeting")
    assert (await session_row(database, accepted["id"]))["max_budget_usd"] is None


@pytest.mark.parametrize("budget", [0, -1, "ten"])
async def test_a_limit_that_is_not_a_positive_amount_is_refused(
    client: Client, database: TestDatabase, project_dir: Path, budget: object
) -> None:
    await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    body = {"project": "demo", "prompt": "x", "max_budget_usd": budget}
    response = await client.post("/api/sessions", json=body, headers=AUTH)
    assert response.status_code == 400
    assert "max_budget_usd" in response.json()["detail"]
    assert await rows(database.url, "SELECT id FROM sessions") == []


@pytest.mark.agents
async def test_a_session_that_spends_its_limit_stops_and_says_why(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await start(
        agents, project_dir, "Add a greeting", phases=["spec", "plan"], max_budget_usd=0.000001
    )
    session = await until_status(database, accepted["id"], "failed", "completed", within=120)
    assert session["status"] == "failed"
    assert session["error"].startswith("spending limit reached")
    assert session["cost_usd"] >= session["max_budget_usd"]
    # The first agent was stopped by its budget; no second one started.
    agents_run = await rows(
        database.url, "SELECT kind, status FROM agents WHERE session_id = %s", (accepted["id"],)
    )
    assert agents_run == [{"kind": "spec", "status": "failed"}]
