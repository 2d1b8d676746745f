"""Session commands on an orchestrator that runs no agents: what each one writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared.config.settings import Settings
from shared.contract.cursor import Cursor
from tests.support.agent_runs import session_log
from tests.support.databases import TestDatabase
from tests.support.db_reads import one, rows, snapshot
from tests.support.orchestrator import AUTH, Client


async def _start(client: Client, project_dir: Path, **body: Any) -> dict[str, Any]:
    registered = await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert registered.status_code in (201, 409)
    response = await client.post(
        "/api/sessions",
        json={"project": "demo", "prompt": "Add a greeting\nwith care", **body},
        headers=AUTH,
    )
    assert response.status_code == 202, response.text
    accepted: dict[str, Any] = response.json()
    return accepted


async def test_start_answers_at_once_with_a_token_before_its_writes(
    client: Client, database: TestDatabase, project_dir: Path, settings_no_agents: Settings
) -> None:
    accepted = await _start(client, project_dir)
    assert accepted["status"] == "queued"
    session = await one(database.url, "SELECT * FROM sessions WHERE id = %s", (accepted["id"],))
    assert session["slug"] == accepted["slug"]
    assert session["slug"].startswith("add-a-greeting-")
    assert session["title"] == "Add a greeting"
    assert session["phases"] == ["spec", "plan", "build", "docs"]
    assert session["model_mode"] == "scripted"
    assert session["worker_id"] is None
    artifact_dir = Path(session["artifact_dir"])
    assert artifact_dir.is_absolute()
    assert artifact_dir == settings_no_agents.artifacts_root.resolve() / session["slug"]

    events = await session_log(database, accepted["id"])
    assert [event["kind"] for event in events] == ["session_changed"]
    assert events[0]["payload"]["status"] == "queued"
    assert events[0]["payload"]["id"] == accepted["id"]
    token = Cursor.parse(accepted["token"])
    assert all(event["position"] > token.position for event in events)


async def test_start_with_chosen_phases_and_title(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await _start(client, project_dir, phases=["plan", "build"], title="Only two")
    session = await one(
        database.url, "SELECT phases, title FROM sessions WHERE id = %s", (accepted["id"],)
    )
    assert session == {"phases": ["plan", "build"], "title": "Only two"}


async def test_phases_given_out_of_order_run_in_pipeline_order(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    """The OpenAPI document can say "each phase once" but not an order, so the order
    given does not matter: a list the document accepts is never refused."""
    accepted = await _start(client, project_dir, phases=["docs", "spec", "build"])
    query = "SELECT phases FROM sessions WHERE id = %s"
    session = await one(database.url, query, (accepted["id"],))
    assert session == {"phases": ["spec", "build", "docs"]}


async def test_cancel_a_queued_session(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await _start(client, project_dir)
    response = await client.post(f"/api/sessions/{accepted['slug']}/cancel", headers=AUTH)
    assert response.status_code == 202
    assert response.json()["status"] == "cancelled"
    again = await client.post(f"/api/sessions/{accepted['id']}/cancel", headers=AUTH)
    assert again.json()["status"] == "cancelled"
    events = await session_log(database, accepted["id"])
    assert [event["payload"]["status"] for event in events] == ["queued", "cancelled"]


async def test_resume_retry_and_debug_queue_work(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await _start(client, project_dir)
    session = accepted["id"]
    # Queued: nothing to resume or retry yet.
    before = await snapshot(database.url)
    for path, body in (
        (f"/api/sessions/{session}/resume", None),
        (f"/api/sessions/{session}/retry", {"phase": "plan"}),
    ):
        response = await client.post(path, json=body, headers=AUTH)
        assert response.status_code == 409, response.text
    assert await snapshot(database.url) == before

    await client.post(f"/api/sessions/{session}/cancel", headers=AUTH)
    resumed = await client.post(f"/api/sessions/{session}/resume", headers=AUTH)
    assert resumed.json()["status"] == "queued"
    # Nothing had run, so there is no agent to continue: the pipeline starts from spec.
    assert await rows(database.url, "SELECT id FROM agents WHERE session_id = %s", (session,)) == []

    debug = await client.post(
        f"/api/sessions/{session}/debug", json={"prompt": "Why is it slow?"}, headers=AUTH
    )
    assert debug.status_code == 202
    agent = await one(
        database.url, "SELECT kind, status, prompt FROM agents WHERE session_id = %s", (session,)
    )
    assert (agent["kind"], agent["status"]) == ("debug", "queued")
    assert "Why is it slow?" in agent["prompt"]
    assert "debug/" in agent["prompt"]

    await client.post(f"/api/sessions/{session}/cancel", headers=AUTH)
    statuses = await rows(
        database.url, "SELECT status FROM agents WHERE session_id = %s", (session,)
    )
    assert statuses == [{"status": "cancelled"}]
    retried = await client.post(
        f"/api/sessions/{session}/retry", json={"phase": "build"}, headers=AUTH
    )
    assert retried.json()["status"] == "queued"
    kinds = await rows(
        database.url,
        "SELECT kind, status FROM agents WHERE session_id = %s ORDER BY id",
        (session,),
    )
    assert kinds[-1] == {"kind": "build", "status": "queued"}


async def test_retry_of_a_phase_the_session_does_not_have(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await _start(client, project_dir, phases=["spec"])
    await client.post(f"/api/sessions/{accepted['id']}/cancel", headers=AUTH)
    before = await snapshot(database.url)
    response = await client.post(
        f"/api/sessions/{accepted['id']}/retry", json={"phase": "docs"}, headers=AUTH
    )
    assert response.status_code == 400
    assert "phase" in response.json()["detail"]
    assert await snapshot(database.url) == before
