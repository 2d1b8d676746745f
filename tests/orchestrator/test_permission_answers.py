"""The answer command and supervision settings, below the agents: bad answers are refused
with a clear 4xx and nothing written; a good one settles the request, journals
`permission_changed` and the session's new pending count in one transaction; a project's
supervision is its sessions' default, which a start may override."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.orchestrator.db import permissions
from services.orchestrator.db.unit_of_work import Store
from shared.contract.permissions import PermissionRequestView
from tests.support import factories
from tests.support.command_refusals import refused
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.orchestrator import AUTH, Client


async def _request(
    store: Store, session_id: int, agent_id: int, kind: str = "tool"
) -> PermissionRequestView:
    """A pending request, as a supervised agent's callback records it."""
    question = [{"question": "Which one?", "options": [{"label": "A"}, {"label": "B"}]}]
    async with store.unit() as uow:
        request = await permissions.insert(
            uow,
            {
                "session_id": session_id, "agent_id": agent_id, "kind": kind,
                "tool_name": "Bash" if kind == "tool" else "AskUserQuestion",
                "tool_input": {"command": "ls"}, "reason": "look",
                "questions": question if kind == "question" else [],
                "allow_key": "Bash:ls", "expires_at": datetime.now(UTC) + timedelta(hours=1),
            },
        )  # fmt: skip
        await permissions.journal(uow, request)
    return request


@pytest.fixture
async def running(store: Store, project_dir: Path) -> tuple[int, int]:
    """(session id, agent id) of a running session."""
    project = await factories.project(store, project_dir)
    session = await factories.session(store, project.id, "asks", status="running")
    agent = await factories.agent(store, session.id, "build")
    return session.id, agent.id


async def test_bad_answers_are_refused_and_change_nothing(
    client: Client, database: TestDatabase, store: Store, running: tuple[int, int]
) -> None:
    session_id, agent_id = running
    tool = await _request(store, session_id, agent_id)
    question = await _request(store, session_id, agent_id, "question")
    base = f"/api/sessions/{session_id}/requests"
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        (f"{base}/{tool.id}/answer", {"decision": "maybe"}, 400, "decision"),
        (f"{base}/{tool.id}/answer", {"decision": "allow_once", "message": "hi"}, 400, "deny only"),
        (f"{base}/{tool.id}/answer", {"decision": "allow_once", "answers": {"a": "b"}}, 400,
         "question only"),
        (f"{base}/{question.id}/answer", {"decision": "allow_once"}, 400, "answer each question"),
        (f"{base}/{question.id}/answer", {"decision": "allow_once", "answers": {"Why?": "A"}},
         400, "answer each question"),
        (f"{base}/{question.id}/answer",
         {"decision": "allow_once", "answers": {"Which one?": "A", "Why?": "B"}}, 400,
         "not asked: 'Why?'"),
        (f"{base}/{tool.id}/answer", {"decision": "deny", "extra": 1}, 400, "extra"),
        (f"{base}/999999/answer", {"decision": "deny"}, 404, "no permission request 999999"),
        (f"{base}/{2**63}/answer", {"decision": "deny"}, 404, "no permission request"),
        (f"/api/sessions/nope/requests/{tool.id}/answer", {"decision": "deny"}, 404, "nope"),
    ]  # fmt: skip
    for path, body, status, detail in cases:
        await refused(client, database, "POST", path, status, detail, json=body, headers=AUTH)
    unauthorised = await client.post(f"{base}/{tool.id}/answer", json={"decision": "deny"})
    assert unauthorised.status_code == 401


async def test_an_answer_is_journaled_with_the_pending_count(
    client: Client, database: TestDatabase, store: Store, running: tuple[int, int]
) -> None:
    session_id, agent_id = running
    first = await _request(store, session_id, agent_id)
    await _request(store, session_id, agent_id, "question")
    [count] = await rows(database.url, "SELECT pending_requests FROM sessions")
    assert count == {"pending_requests": 2}

    response = await client.post(
        f"/api/sessions/asks/requests/{first.id}/answer",
        json={"decision": "deny", "message": "Use git ls-files"},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    answered = response.json()
    assert (answered["status"], answered["decision"], answered["message"]) == (
        "denied", "deny", "Use git ls-files",
    )  # fmt: skip
    assert answered["answered_at"] is not None
    events = await rows(
        database.url,
        "SELECT kind, payload FROM events WHERE session_id = %s ORDER BY position",
        (session_id,),
    )
    last = events[-2:]
    assert [e["kind"] for e in last] == ["permission_changed", "session_changed"]
    assert last[0]["payload"]["status"] == "denied"
    assert last[1]["payload"]["pending_requests"] == 1

    again = await client.post(
        f"/api/sessions/asks/requests/{first.id}/answer", json={"decision": "deny"}, headers=AUTH
    )
    assert again.status_code == 409
    assert again.json()["detail"] == (
        f"request {first.id} of session 'asks' is no longer waiting for an answer:"
        " it was already denied"
    )


async def test_supervision_is_the_projects_default_and_a_start_overrides_it(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    registered = await client.post(
        "/api/projects", json={"path": str(project_dir), "supervision": "supervised"}, headers=AUTH
    )
    assert registered.json()["supervision"] == "supervised"
    ids = []
    for extra in ({}, {"supervision": "autonomous"}):
        started = await client.post(
            "/api/sessions", json={"project": "demo", "prompt": "go", **extra}, headers=AUTH
        )
        assert started.status_code == 202, started.text
        ids.append(started.json()["id"])
    found = await rows(database.url, "SELECT id, supervision FROM sessions ORDER BY id")
    assert found == [
        {"id": ids[0], "supervision": "supervised"},
        {"id": ids[1], "supervision": "autonomous"},
    ]
    changed = await client.patch(
        "/api/projects/demo", json={"supervision": "autonomous"}, headers=AUTH
    )
    assert changed.json()["supervision"] == "autonomous"
    bad = await client.patch("/api/projects/demo", json={"supervision": "watched"}, headers=AUTH)
    assert bad.status_code == 400
