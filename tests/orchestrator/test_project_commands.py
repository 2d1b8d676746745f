"""Project commands: each write is one transaction with its project_changed event."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import msgspec
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from shared.config.settings import Settings
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows, snapshot
from tests.support.orchestrator import AUTH, Client


async def _changes(database: TestDatabase, project_id: int) -> list[dict[str, Any]]:
    found = await rows(
        database.url,
        "SELECT kind, project_id, session_id, agent_id, payload FROM events"
        " WHERE project_id = %s ORDER BY position",
        (project_id,),
    )
    assert all(row["kind"] == "project_changed" for row in found)
    assert all(row["session_id"] is None and row["agent_id"] is None for row in found)
    return [row["payload"] for row in found]


async def test_register_reads_the_directory_and_git(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    response = await client.post(
        "/api/projects", json={"path": str(project_dir), "description": "a demo"}, headers=AUTH
    )
    assert response.status_code == 201, response.text
    project = response.json()
    assert project["slug"] == "demo"
    assert project["name"] == "demo"
    assert project["path"] == str(project_dir)
    assert project["status"] == "ready"
    assert project["default_branch"] == "trunk"
    assert project["description"] == "a demo"
    # The feed carries exactly what the command answered.
    assert await _changes(database, project["id"]) == [project]


async def test_register_without_git_and_with_remote_head(
    client: Client, workspace: Path, project_dir: Path
) -> None:
    plain = workspace / "Plain Dir"
    plain.mkdir()
    response = await client.post("/api/projects", json={"path": str(plain)}, headers=AUTH)
    assert response.status_code == 201
    assert response.json()["default_branch"] is None
    assert response.json()["slug"] == "plain-dir"

    remote_head = project_dir / ".git" / "refs" / "remotes" / "origin" / "HEAD"
    remote_head.parent.mkdir(parents=True)
    remote_head.write_text("ref: refs/remotes/origin/main\n")
    response = await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert response.json()["default_branch"] == "main"


def _git(*args: str) -> None:
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env = {**identity, "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], check=True, env=env)


async def test_git_worktree_pointer_is_followed(
    client: Client, project_dir: Path, workspace: Path
) -> None:
    _git("-C", str(project_dir), "commit", "-q", "--allow-empty", "-m", "init")
    tree = workspace / "feature-tree"
    _git("-C", str(project_dir), "worktree", "add", "-q", "-b", "feature", str(tree))
    response = await client.post("/api/projects", json={"path": str(tree)}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["default_branch"] == "feature"


async def test_slugs_are_unique_and_explicit_ones_are_kept(
    client: Client, database: TestDatabase, workspace: Path
) -> None:
    made = []
    for parent in ("a", "b", "c"):
        path = workspace / parent / "app"
        path.mkdir(parents=True)
        made.append(path)
    first = await client.post("/api/projects", json={"path": str(made[0])}, headers=AUTH)
    second = await client.post("/api/projects", json={"path": str(made[1])}, headers=AUTH)
    assert [first.json()["slug"], second.json()["slug"]] == ["app", "app-2"]

    before = await snapshot(database.url)
    taken = await client.post(
        "/api/projects", json={"path": str(made[2]), "slug": "app"}, headers=AUTH
    )
    assert taken.status_code == 409
    assert "slug" in taken.json()["detail"]
    digits = await client.post(
        "/api/projects", json={"path": str(made[2]), "slug": "42"}, headers=AUTH
    )
    assert digits.status_code == 400
    assert await snapshot(database.url) == before

    chosen = await client.post(
        "/api/projects", json={"path": str(made[2]), "slug": "third", "name": "Third"}, headers=AUTH
    )
    assert (chosen.json()["slug"], chosen.json()["name"]) == ("third", "Third")


async def test_same_directory_twice_is_a_conflict(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    before = await snapshot(database.url)
    again = await client.post("/api/projects", json={"path": f"{project_dir}/"}, headers=AUTH)
    assert again.status_code == 409
    assert "already registered" in again.json()["detail"]
    assert await snapshot(database.url) == before


async def test_update_and_archive_by_slug_or_id(
    client: Client, database: TestDatabase, project_dir: Path
) -> None:
    project = (
        await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    ).json()
    updated = await client.patch(
        "/api/projects/demo", json={"name": "Demo App", "default_branch": "main"}, headers=AUTH
    )
    assert updated.status_code == 200
    assert updated.json()["name"] == "Demo App"
    assert updated.json()["description"] is None
    assert updated.json()["default_branch"] == "main"

    archived = await client.post(f"/api/projects/{project['id']}/archive", headers=AUTH)
    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None
    again = await client.post("/api/projects/demo/archive", headers=AUTH)
    assert again.json()["archived_at"] == archived.json()["archived_at"]

    changes = await _changes(database, project["id"])
    assert changes == [project, updated.json(), archived.json()]

    # An archived project takes no new sessions, and its directory may be registered anew.
    refused = await client.post(
        "/api/sessions", json={"project": "demo", "prompt": "x"}, headers=AUTH
    )
    assert refused.status_code == 409
    fresh = await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert fresh.status_code == 201
    assert fresh.json()["slug"] == "demo-2"


async def test_hidden_home_and_data_directories_cannot_be_projects(
    database: TestDatabase, settings_no_agents: Settings, workspace: Path
) -> None:
    """No project at ~ itself, in a hidden directory, or in Pilothouse's data directory:
    agents work in a project, and those hold keys, dotfiles and Pilothouse's own secrets."""
    (workspace / ".config" / "tool").mkdir(parents=True)
    data_dir = workspace / "data"
    (data_dir / "sessions").mkdir(parents=True)
    settings = msgspec.structs.replace(
        settings_no_agents, roots=(workspace, Path.home()), data_dir=data_dir
    )
    async with AsyncTestClient(create_app(settings)) as client:
        before = await snapshot(database.url)
        for path, says in [
            (workspace / ".config" / "tool", "hidden directory '.config'"),
            (data_dir, "data directory"),
            (data_dir / "sessions", "data directory"),
            (Path.home(), "home directory itself"),
        ]:
            response = await client.post("/api/projects", json={"path": str(path)}, headers=AUTH)
            assert response.status_code == 400, (path, response.text)
            assert says in response.json()["detail"]
        assert await snapshot(database.url) == before
