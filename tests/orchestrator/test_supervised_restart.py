"""Supervised requests across restarts: a pending request is read back after a read-service
restart (from the database, in the session's detail and its requests list), and an
orchestrator killed (SIGKILL) while one waits leaves it interrupted with the agent and
the session; resumed, the agent goes on in its conversation and asks again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from services.read.app import create_app as create_read_app
from services.scripted_model.supervised import PROBE_COMMAND
from shared.config.settings import Settings
from tests.support.agent_runs import session_row, until_status
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.orchestrator import orchestrator_settings
from tests.support.orchestrator_processes import Launched, launched_orchestrators, post
from tests.support.read_service import serve
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents


@pytest.fixture
def launched(tmp_path: Path) -> Iterator[Launched]:
    with launched_orchestrators(tmp_path) as orchestrators:
        yield orchestrators


async def _statuses(database: TestDatabase, session_id: int) -> list[str]:
    found = await rows(
        database.url,
        "SELECT status FROM permission_requests WHERE session_id = %s ORDER BY id",
        (session_id,),
    )
    return [row["status"] for row in found]


async def _pending(database: TestDatabase, session_id: int, count: int) -> list[str]:
    async def made() -> list[str] | None:
        statuses = await _statuses(database, session_id)
        return statuses if len(statuses) == count and statuses[-1] == "pending" else None

    return await eventually(made, within=120, every=0.1)


async def _read_requests(
    database: TestDatabase, tmp_path: Path, settings: Settings, session_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The session's detail and pending requests, from a freshly started read service."""
    read_settings = msgspec.structs.replace(settings, data_dir=tmp_path / "read-data")
    app = create_read_app(read_settings, reader_url=database.reader_url, webui_dir=None)
    async with serve(app) as url, httpx.AsyncClient(base_url=url) as client:
        detail = (await client.get(f"/api/sessions/{session_id}")).json()
        pending = await client.get(f"/api/sessions/{session_id}/requests?status=pending")
    assert pending.status_code == 200, pending.text
    listed: list[dict[str, Any]] = pending.json()
    return detail, listed


async def test_killed_while_asking_then_resumed_asks_again(
    tmp_path: Path,
    workspace: Path,
    database: TestDatabase,
    project_dir: Path,
    launched: Launched,
) -> None:
    settings = orchestrator_settings(tmp_path, workspace, database, max_running_agents=1)
    first = await launched.launch(settings)
    await post(first, "/api/projects", {"path": str(project_dir), "supervision": "supervised"})
    body = {"project": "demo", "prompt": "Probe [scripted:supervised]", "phases": ["build"]}
    session_id = (await post(first, "/api/sessions", body))["id"]
    assert await _pending(database, session_id, 1) == ["pending"]

    # Two read services one after the other (a restart): each reads the request back.
    for _ in range(2):
        detail, listed = await _read_requests(database, tmp_path, settings, session_id)
        assert detail["session"]["supervision"] == "supervised"
        assert detail["session"]["pending_requests"] == 1
        inputs = [r["tool_input"] for r in detail["requests"]]
        assert inputs == [{"command": PROBE_COMMAND, "description": "Write the probe file"}]
        assert [r["id"] for r in listed] == [r["id"] for r in detail["requests"]]

    first.kill()
    second = await launched.launch(settings)
    session = await until_status(database, session_id, "interrupted", within=60)
    assert session["pending_requests"] == 0
    assert await _statuses(database, session_id) == ["interrupted"]

    await post(second, f"/api/sessions/{session_id}/resume")
    assert await _pending(database, session_id, 2) == ["interrupted", "pending"]
    made = await rows(
        database.url,
        "SELECT id, agent_id FROM permission_requests WHERE session_id = %s ORDER BY id",
        (session_id,),
    )
    assert made[0]["agent_id"] != made[1]["agent_id"]
    async with httpx.AsyncClient(base_url=second.url) as client:
        late = await client.post(
            f"/api/sessions/{session_id}/requests/{made[0]['id']}/answer",
            json={"decision": "allow_once"},
            headers={"Authorization": f"Bearer {settings.token}"},
        )
    assert late.status_code == 409, late.text
    assert "resume the session" in late.json()["detail"]
    await post(
        second,
        f"/api/sessions/{session_id}/requests/{made[1]['id']}/answer",
        {"decision": "allow_session"},
    )
    session = await until_status(
        database, session_id, "awaiting_review", "failed", "interrupted", within=120
    )
    assert session["status"] == "awaiting_review", session
    resumed = await session_row(database, session_id)
    assert (Path(resumed["worktree"]) / "probe.txt").read_text() == "supervised-probe\n"
