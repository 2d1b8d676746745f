"""A project's worktree setup, for real: files copied from the main checkout, the setup
command's output journaled as it comes, a failing command stopping the session with its
exit code and output, and a session started from a chosen base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_runs import session_log, until_status
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.git_repos import commit, fingerprint, git
from tests.support.orchestrator import AUTH, Client

pytestmark = pytest.mark.agents


async def _start(client: Client, **body: Any) -> int:
    response = await client.post(
        "/api/sessions", json={"project": "demo", "phases": ["build"], **body}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


def _workspace(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(kind, what) of the session's own entries: workspace actions and setup lines."""
    found = []
    for event in events:
        if event["kind"] == "workspace":
            found.append(("workspace", event["payload"]["action"]))
        elif event["kind"] == "setup_output":
            found.append(("setup_output", event["payload"]["line"]))
    return found


async def test_setup_copies_files_runs_its_command_and_journals_it(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    (project_dir / ".env").write_text("SECRET=1\n")
    (project_dir / "config").mkdir()
    (project_dir / "config" / "local.toml").write_text("debug = true\n")
    untouched = fingerprint(project_dir)
    registered = await agents.post(
        "/api/projects",
        json={
            "path": str(project_dir),
            "setup_files": [".env", "config/local.toml", "absent.txt"],
            "setup_command": "echo preparing; cat .env; ls config",
        },
        headers=AUTH,
    )
    assert registered.status_code == 201, registered.text
    session_id = await _start(agents, prompt="Build after setup")
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert session["status"] == "awaiting_review", session

    events = await session_log(database, session_id)
    assert _workspace(events) == [
        ("workspace", "created"),
        ("workspace", "files_copied"),
        ("workspace", "setup_started"),
        ("setup_output", "preparing"),
        ("setup_output", "SECRET=1"),
        ("setup_output", "local.toml"),
        ("workspace", "setup_finished"),
    ]
    copied = next(e["payload"] for e in events if e["payload"].get("action") == "files_copied")
    assert (copied["files"], copied["missing"]) == ([".env", "config/local.toml"], ["absent.txt"])
    # Set up before the agent began its work.
    finished = next(
        i for i, e in enumerate(events) if e["payload"].get("action") == "setup_finished"
    )
    prompt = next(i for i, e in enumerate(events) if e["kind"] == "user")
    assert finished < prompt
    # The copies are in the worktree, and never in a commit.
    worktree = Path(session["worktree"])
    assert (worktree / ".env").read_text() == "SECRET=1\n"
    committed = git(worktree, "show", "--name-only", "--format=", "HEAD")
    assert committed == "hello_pilothouse.py"
    assert fingerprint(project_dir) == untouched


async def test_a_failing_setup_stops_the_session_with_its_code_and_output(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    registered = await agents.post(
        "/api/projects",
        json={"path": str(project_dir), "setup_command": "echo half way; echo broken >&2; exit 7"},
        headers=AUTH,
    )
    assert registered.status_code == 201
    session_id = await _start(agents, prompt="Never built")
    session = await until_status(database, session_id, "failed", "awaiting_review")
    assert session["status"] == "failed"
    assert session["error"] == "setup command `echo half way; echo broken >&2; exit 7` exited" \
        " with code 7:\nhalf way\nbroken"  # fmt: skip
    agents_rows = await rows(
        database.url, "SELECT status FROM agents WHERE session_id = %s", (session_id,)
    )
    assert agents_rows == [{"status": "failed"}]
    events = await session_log(database, session_id)
    assert not [e for e in events if e["kind"] in ("tool_use", "system")]  # no agent ran
    failed = next(e["payload"] for e in events if e["payload"].get("action") == "setup_failed")
    assert (failed["exit_code"], failed["reason"]) == (7, "half way\nbroken")

    # Fixed, then resumed: the setup runs again in the same worktree, then the agent.
    fixed = await agents.patch("/api/projects/demo", json={"setup_command": "true"}, headers=AUTH)
    assert fixed.json()["setup_command"] == "true"
    resumed = await agents.post(f"/api/sessions/{session_id}/resume", headers=AUTH)
    assert resumed.status_code == 202
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert session["status"] == "awaiting_review", session
    actions = [
        a for kind, a in _workspace(await session_log(database, session_id)) if kind == "workspace"
    ]
    assert actions == [
        "created",
        "setup_started",
        "setup_failed",
        "setup_started",
        "setup_finished",
    ]


async def test_a_session_starts_from_the_base_it_names(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    start = git(project_dir, "rev-parse", "HEAD")
    git(project_dir, "branch", "feature")
    commit(project_dir, {"README.md": "# Demo, later\n"}, "trunk moves on")
    registered = await agents.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert registered.status_code == 201

    on_branch = await _start(agents, prompt="From feature", base="feature", phases=["spec"])
    on_commit = await _start(agents, prompt="From a commit", base=start[:10], phases=["spec"])
    found = {
        row["id"]: row
        for row in await rows(
            database.url, "SELECT id, base_ref, base_commit, branch, isolated FROM sessions"
        )
    }
    assert (found[on_branch]["base_ref"], found[on_branch]["base_commit"]) == ("feature", start)
    assert (found[on_commit]["base_ref"], found[on_commit]["base_commit"]) == (None, start)
    assert found[on_commit]["isolated"]
    # Nothing changed files (spec only): the session completes, nothing to review.
    assert (await until_status(database, on_branch, "completed", "failed"))["status"] == "completed"
    done = await until_status(database, on_commit, "completed", "failed")
    assert git(Path(done["worktree"]), "rev-parse", "HEAD") == start
