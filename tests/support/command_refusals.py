"""Sending the orchestrator a command that must be refused, and checking that it was:
the status, a detail naming the problem, the ErrorBody shape, and nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.databases import TestDatabase
from tests.support.db_reads import snapshot
from tests.support.orchestrator import AUTH, Client


async def registered(client: Client, project_dir: Path) -> dict[str, Any]:
    """Register `project_dir` (it must be accepted); the ProjectView as JSON."""
    response = await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def refused(
    client: Client,
    database: TestDatabase,
    method: str,
    path: str,
    *expected: Any,
    **request: Any,
) -> dict[str, Any]:
    """Send a request that must be refused with `expected` = (status, text in the detail);
    check the answer's shape and that nothing was written."""
    status, mentions = expected
    before = await snapshot(database.url)
    response = await client.request(method, path, **request)
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"status_code", "detail", "extra"}
    assert body["status_code"] == status
    assert mentions in body["detail"], body
    assert await snapshot(database.url) == before
    return body
