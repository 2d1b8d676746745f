"""Gate commands: add, change and remove a project's QA gates, each one transaction that
touches the project (its project_changed event); proposals at registration; refusals
that write nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.command_refusals import refused, registered
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.git_repos import make_repo
from tests.support.orchestrator import AUTH, Client


async def _gates(database: TestDatabase, project_id: int) -> list[dict[str, Any]]:
    return await rows(
        database.url,
        "SELECT name, command, timeout_seconds, required, enabled, proposed, position"
        " FROM gates WHERE project_id = %s ORDER BY position, id",
        (project_id,),
    )


async def _changed(database: TestDatabase, project_id: int) -> int:
    found = await rows(
        database.url,
        "SELECT count(*) AS n FROM events WHERE project_id = %s AND kind = 'project_changed'",
        (project_id,),
    )
    return int(found[0]["n"])


async def test_registration_proposes_disabled_gates_from_the_project(
    client: Client, database: TestDatabase, workspace: Path
) -> None:
    path = make_repo(
        workspace / "py",
        {
            "Makefile": "lint:\n\truff check .\n\ntest:\n\tpytest\n",
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n',
            "package.json": '{"scripts": {"test": "vitest run"}}\n',
        },
    )
    project = await registered(client, path)
    assert [(g["name"], g["command"], g["enabled"], g["proposed"]) for g in
            await _gates(database, project["id"])] == [
        ("ruff", "ruff check .", False, True),
        ("make test", "make test", False, True),
        ("npm test", "npm test", False, True),
    ]  # fmt: skip
    plain = make_repo(workspace / "plain", {"package.json": '{"scripts": {"test": '
                      '"echo \\"Error: no test specified\\" && exit 1"}}'})  # fmt: skip
    assert await _gates(database, (await registered(client, plain))["id"]) == []


async def test_add_change_remove_a_gate(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    project = await registered(client, project_dir)
    events = await _changed(database, project["id"])
    added = await client.post(
        "/api/projects/demo/gates",
        json={"name": "tests", "command": "make test", "timeout_seconds": 30},
        headers=AUTH,
    )
    assert added.status_code == 201, added.text
    gate = added.json()
    assert (gate["name"], gate["required"], gate["enabled"], gate["position"]) == (
        "tests", True, True, 0
    )  # fmt: skip
    second = await client.post(
        "/api/projects/demo/gates",
        json={"name": "lint check", "command": "ruff check .", "required": False},
        headers=AUTH,
    )
    assert second.status_code == 201, second.text
    assert (second.json()["position"], second.json()["timeout_seconds"]) == (1, 600)

    changed = await client.patch(
        "/api/projects/demo/gates/lint%20check",
        json={"enabled": False, "timeout_seconds": 5, "position": -1},
        headers=AUTH,
    )
    assert changed.status_code == 200, changed.text
    assert [g["name"] for g in await _gates(database, project["id"])] == ["lint check", "tests"]
    assert (await _gates(database, project["id"]))[0]["enabled"] is False

    removed = await client.delete("/api/projects/demo/gates/tests", headers=AUTH)
    assert removed.status_code == 200, removed.text
    assert [g["name"] for g in await _gates(database, project["id"])] == ["lint check"]
    # Each of the four commands told live clients the project's gates changed.
    assert await _changed(database, project["id"]) == events + 4


async def test_bad_gate_commands_are_refused_and_write_nothing(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    await registered(client, project_dir)
    created = await client.post(
        "/api/projects/demo/gates", json={"name": "tests", "command": "true"}, headers=AUTH
    )
    assert created.status_code == 201
    gates = "/api/projects/demo/gates"
    await refused(client, database, "POST", gates, 400, "command",
                  json={"name": "blank", "command": "   "}, headers=AUTH)  # fmt: skip
    await refused(client, database, "POST", gates, 400, "command",
                  json={"name": "empty", "command": ""}, headers=AUTH)  # fmt: skip
    for timeout in (0, -5):
        await refused(client, database, "POST", gates, 400, "timeout_seconds",
                      json={"name": "t", "command": "true", "timeout_seconds": timeout},
                      headers=AUTH)  # fmt: skip
    await refused(client, database, "POST", gates, 400, "timeout_seconds",
                  json={"name": "t", "command": "true", "timeout_seconds": "5"},
                  headers=AUTH)  # fmt: skip
    await refused(client, database, "POST", gates, 409, "already has a gate",
                  json={"name": "tests", "command": "true"}, headers=AUTH)  # fmt: skip
    await refused(client, database, "POST", "/api/projects/nope/gates", 404, "no project",
                  json={"name": "x", "command": "true"}, headers=AUTH)  # fmt: skip
    await refused(client, database, "PATCH", f"{gates}/absent", 404, "no gate 'absent'",
                  json={"enabled": False}, headers=AUTH)  # fmt: skip
    await refused(client, database, "PATCH", f"{gates}/tests", 400, "timeout_seconds",
                  json={"timeout_seconds": 0}, headers=AUTH)  # fmt: skip
    await refused(client, database, "PATCH", f"{gates}/tests", 400, "command",
                  json={"command": " "}, headers=AUTH)  # fmt: skip
    await refused(client, database, "DELETE", f"{gates}/absent", 404, "no gate", headers=AUTH)
    await refused(client, database, "POST", gates, 401, "",
                  json={"name": "x", "command": "true"})  # fmt: skip
