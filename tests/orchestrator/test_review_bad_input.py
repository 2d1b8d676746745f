"""Bad input to the workspace and review commands: a clear 4xx naming what is wrong,
never a 500, nothing written (database, or the repository's branches and worktrees)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from shared.config.settings import Settings
from tests.support.command_refusals import refused as _refused
from tests.support.command_refusals import registered as _registered
from tests.support.databases import TestDatabase
from tests.support.git_repos import branches, git, worktrees
from tests.support.orchestrator import AUTH, Client, orchestrator_settings


async def _queued(client: Client, **body: Any) -> int:
    started = await client.post(
        "/api/sessions", json={"project": "demo", "prompt": "x", **body}, headers=AUTH
    )
    assert started.status_code == 202, started.text
    return int(started.json()["id"])


@pytest.mark.parametrize(
    "case",
    [
        ("nope", 400, "invalid base: unknown base 'nope': no branch or commit"),
        ("-rf", 400, "base"),
        ("trunk~99", 400, "base"),
        ("0123456789abcdef", 400, "unknown base '0123456789abcdef'"),
    ],
)
async def test_an_unknown_base_is_refused(
    client: Client, database: TestDatabase, project_dir: Path, case: tuple[str, int, str]
) -> None:
    base, status, mentions = case
    await _registered(client, project_dir)
    body = {"project": "demo", "prompt": "x", "base": base}
    await _refused(
        client, database, "POST", "/api/sessions", status, mentions, json=body, headers=AUTH
    )
    assert branches(project_dir) == ["trunk"]


async def test_a_base_for_a_project_outside_git_is_refused(
    client: Client, database: TestDatabase, workspace: Path
) -> None:
    plain = workspace / "demo"
    plain.mkdir()
    await _registered(client, plain)
    body = {"project": "demo", "prompt": "x", "base": "trunk"}
    await _refused(
        client,
        database,
        "POST",
        "/api/sessions",
        400,
        "not a git repository",
        json=body,
        headers=AUTH,
    )


async def test_a_repository_without_a_commit_is_refused(
    client: Client, database: TestDatabase, workspace: Path
) -> None:
    empty = workspace / "demo"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "trunk")
    await _registered(client, empty)
    body = {"project": "demo", "prompt": "x"}
    await _refused(
        client, database, "POST", "/api/sessions", 409, "no commit yet", json=body, headers=AUTH
    )


async def test_worktrees_inside_the_project_are_refused(
    tmp_path: Path, workspace: Path, database: TestDatabase, project_dir: Path
) -> None:
    inside = orchestrator_settings(tmp_path, workspace, database, worktrees_dir=project_dir / "wt")
    async with AsyncTestClient(create_app(inside)) as client:
        await _registered(client, project_dir)
        body = {"project": "demo", "prompt": "x"}
        await _refused(
            client, database, "POST", "/api/sessions", 409, "lies inside the project",
            json=body, headers=AUTH,
        )  # fmt: skip


@pytest.mark.parametrize("name", ["../outside.env", "/etc/passwd", "a/../../b", "x\\y"])
async def test_setup_files_must_stay_inside_the_project(
    client: Client, database: TestDatabase, project_dir: Path, name: str
) -> None:
    body = {"path": str(project_dir), "setup_files": [name]}
    await _refused(
        client, database, "POST", "/api/projects", 400, "setup_files", json=body, headers=AUTH
    )


async def test_review_commands_refuse_what_the_session_cannot_do(
    client: Client, database: TestDatabase, project_dir: Path, settings_no_agents: Settings
) -> None:
    await _registered(client, project_dir)
    queued = await _queued(client)
    for command in ("approve", "discard", "keep", "resolve"):
        body: dict[str, Any] = {"json": {}} if command == "approve" else {}
        await _refused(
            client, database, "POST", f"/api/sessions/{queued}/{command}", 409,
            f"session is queued; {command} takes only", headers=AUTH, **body,
        )  # fmt: skip
        await _refused(
            client, database, "POST", f"/api/sessions/nope/{command}", 404, "no session 'nope'",
            headers=AUTH, **body,
        )  # fmt: skip
    await _refused(
        client, database, "POST", f"/api/sessions/{queued}/approve", 400, "strategy",
        json={"strategy": "octopus"}, headers=AUTH,
    )  # fmt: skip
    await _refused(
        client, database, "POST", f"/api/sessions/{queued}/approve", 400, "invalid message",
        json={"strategy": "rebase", "message": "mine"}, headers=AUTH,
    )  # fmt: skip
    await _refused(
        client, database, "POST", "/api/worktrees/prune", 400, "older_than_seconds",
        json={"older_than_seconds": -1}, headers=AUTH,
    )  # fmt: skip
    assert worktrees(project_dir) == [str(project_dir)]
    assert branches(project_dir) == ["trunk"]


async def test_a_session_outside_git_has_nothing_to_review(
    client: Client, database: TestDatabase, workspace: Path
) -> None:
    plain = workspace / "demo"
    plain.mkdir()
    await _registered(client, plain)
    session = await _queued(client)
    row = (await client.post(f"/api/sessions/{session}/cancel", headers=AUTH)).json()
    assert row["status"] == "cancelled"
    await _refused(
        client, database, "POST", f"/api/sessions/{session}/discard", 409, "ran in place",
        headers=AUTH,
    )  # fmt: skip
