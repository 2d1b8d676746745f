"""A supervised session's permission requests, seen in the database and answered
through the orchestrator's API."""

from __future__ import annotations

from typing import Any

from tests.support.agent_runs import session_log, session_row
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.orchestrator import AUTH, Client
from tests.support.waiting import eventually

ENDED = ("awaiting_review", "completed", "failed", "interrupted", "cancelled")


async def requests_of(database: TestDatabase, session_id: int) -> list[dict[str, Any]]:
    return await rows(
        database.url,
        "SELECT * FROM permission_requests WHERE session_id = %s ORDER BY id",
        (session_id,),
    )


async def nth_pending(database: TestDatabase, session_id: int, n: int) -> dict[str, Any]:
    """The session's `n`th request (1-based), once it exists and waits."""

    async def found() -> dict[str, Any] | None:
        made = await requests_of(database, session_id)
        if len(made) >= n and made[n - 1]["status"] == "pending":
            return made[n - 1]
        session = await session_row(database, session_id)
        if session["status"] in ENDED:
            tail = [(e["kind"], e["payload"]) for e in (await session_log(database, session_id))]
            raise AssertionError(f"ended without request {n}: {session['status']} {tail[-8:]}")
        return None

    return await eventually(found, within=120, every=0.1)


async def answer(
    client: Client, session_id: int, request_id: int, body: dict[str, Any], status: int = 200
) -> dict[str, Any]:
    response = await client.post(
        f"/api/sessions/{session_id}/requests/{request_id}/answer", json=body, headers=AUTH
    )
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


def results_of(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e["payload"] for e in events if e["kind"] == "tool_result"]
