"""Following a session the orchestrator runs: its row, its journal, until a status or event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.databases import TestDatabase
from tests.support.db_reads import one, rows
from tests.support.orchestrator import AUTH, Client
from tests.support.waiting import eventually

SLOW_TOOL = "time.sleep(30)"
"""The Bash command a `[scripted:slow]` build runs: an agent busy long enough to stop."""


async def session_row(database: TestDatabase, session_id: int) -> dict[str, Any]:
    return await one(database.url, "SELECT * FROM sessions WHERE id = %s", (session_id,))


async def until_status(
    database: TestDatabase, session_id: int, *statuses: str, within: float = 120
) -> dict[str, Any]:
    async def reached() -> dict[str, Any] | None:
        row = await session_row(database, session_id)
        return row if row["status"] in statuses else None

    try:
        return await eventually(reached, within=within, every=0.2)
    except AssertionError:
        # Say where it got stuck: the session, its agents, its last log entries.
        agents = await rows(
            database.url,
            "SELECT id, kind, status, error FROM agents WHERE session_id = %s",
            (session_id,),
        )
        tail = (await session_log(database, session_id))[-5:]
        stuck = (await session_row(database, session_id), agents, tail)
        raise AssertionError(f"session never reached {statuses}: {stuck}") from None


async def session_log(database: TestDatabase, session_id: int) -> list[dict[str, Any]]:
    return await rows(
        database.url,
        "SELECT id, position, xmin::text::bigint AS xid, kind, project_id, session_id,"
        " agent_id, payload FROM events WHERE session_id = %s ORDER BY position",
        (session_id,),
    )


async def until_event(
    database: TestDatabase, session_id: int, kind: str, text: str, within: float = 60
) -> dict[str, Any]:
    """The first event of `kind` whose payload contains `text`, once it is committed."""

    async def found() -> dict[str, Any] | None:
        for event in await session_log(database, session_id):
            if event["kind"] == kind and text in json.dumps(event["payload"]):
                return event
        return None

    return await eventually(found, within=within, every=0.1)


async def start(client: Client, project: Path, prompt: str, **body: Any) -> dict[str, Any]:
    """Register `project` (or find it registered) and start a session on it; the 202 body."""
    registered = await client.post("/api/projects", json={"path": str(project)}, headers=AUTH)
    assert registered.status_code in (201, 409), registered.text
    slug = project.name
    response = await client.post(
        "/api/sessions", json={"project": slug, "prompt": prompt, **body}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    accepted: dict[str, Any] = response.json()
    return accepted
