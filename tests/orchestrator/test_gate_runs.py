"""QA gates run for real after the build agent, in the session's worktree: a failing
required gate gets fix rounds (the scripted model repairs what it reported), a gate that
keeps failing ends red after the project's rounds, a hanging gate is killed with its
whole process group at its timeout, a cancel kills the running gate, binary output and
NUL bytes cannot break the journal, and what gates leave in the worktree is never
committed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_runs import session_log, until_event, until_status
from tests.support.databases import TestDatabase
from tests.support.db_reads import rows
from tests.support.git_repos import git
from tests.support.orchestrator import AUTH, Client
from tests.support.processes import group_members
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents

REPAIRABLE = (
    "touch .gate-cache; grep -qx ok NOTES.txt"
    ' || { echo "checking NOTES.txt"; echo "error: NOTES.txt: expected ok"; exit 1; }'
)
"""Fails until NOTES.txt holds the line `ok`, saying so the way the scripted fix reads."""


async def _project(client: Client, project_dir: Path, fix_rounds: int = 2) -> None:
    response = await client.post(
        "/api/projects", json={"path": str(project_dir), "fix_rounds": fix_rounds}, headers=AUTH
    )
    assert response.status_code == 201, response.text


async def _gate(client: Client, name: str, command: str, **extra: Any) -> None:
    response = await client.post(
        "/api/projects/demo/gates", json={"name": name, "command": command, **extra}, headers=AUTH
    )
    assert response.status_code == 201, response.text


async def _build(client: Client, prompt: str = "Build with gates") -> int:
    response = await client.post(
        "/api/sessions",
        json={"project": "demo", "prompt": prompt, "phases": ["build"]},
        headers=AUTH,
    )
    assert response.status_code == 202, response.text
    return int(response.json()["id"])


async def _results(database: TestDatabase, session_id: int) -> list[tuple[int, str, str]]:
    found = await rows(
        database.url,
        "SELECT run, name, outcome FROM gate_results WHERE session_id = %s ORDER BY id",
        (session_id,),
    )
    return [(r["run"], r["name"], r["outcome"]) for r in found]


async def _agents(database: TestDatabase, session_id: int) -> list[dict[str, Any]]:
    return await rows(
        database.url,
        "SELECT id, round, status, resumed_from, prompt, claude_session_id FROM agents"
        " WHERE session_id = %s ORDER BY id",
        (session_id,),
    )


def _pgid(path: Path) -> int:
    return int(path.read_text().split()[0])


async def test_a_failing_gate_gets_a_fix_round_and_ends_green(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    await _project(agents, project_dir)
    await _gate(agents, "notes", REPAIRABLE, timeout_seconds=60)
    await _gate(agents, "advice", "echo consider more tests; exit 3", required=False)
    session_id = await _build(agents)
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert (session["status"], session["checks"]) == ("awaiting_review", "passed")

    assert await _results(database, session_id) == [
        (1, "notes", "failed"),
        (1, "advice", "failed"),
        (2, "notes", "passed"),
        (2, "advice", "failed"),
    ]
    build, fix = await _agents(database, session_id)
    assert (build["round"], fix["round"], fix["status"]) == (None, "fix", "completed")
    # The fix round continued the build agent's own conversation, told what failed.
    assert fix["resumed_from"] == build["id"]
    assert fix["claude_session_id"] == build["claude_session_id"]
    for part in ("notes", REPAIRABLE, "error: NOTES.txt: expected ok", "1 of 2"):
        assert part in fix["prompt"]
    assert "advice" not in fix["prompt"]
    # The repair is on the branch; what the gate made in the worktree is not.
    branch = session["branch"]
    assert git(project_dir, "show", f"{branch}:NOTES.txt") == "ok"
    assert ".gate-cache" not in git(project_dir, "ls-tree", "-r", "--name-only", branch)
    assert not (Path(session["worktree"]) / ".gate-cache").exists()
    # The output streamed into the journal as it came, before each result.
    log = await session_log(database, session_id)
    said = [e["payload"]["line"] for e in log if e["kind"] == "gate_output"]
    assert said.count("error: NOTES.txt: expected ok") == 1
    finished = [e["payload"] for e in log if e["kind"] == "gate" and e["payload"]["outcome"]]
    assert [(p["gate"], p["run"], p["outcome"]) for p in finished][:1] == [("notes", 1, "failed")]


async def test_a_gate_that_keeps_failing_ends_red_after_the_rounds(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    await _project(agents, project_dir, fix_rounds=1)
    await _gate(agents, "never", 'echo "error: NEVER.txt: expected nothing"; exit 1')
    session_id = await _build(agents)
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert (session["status"], session["checks"]) == ("awaiting_review", "failed")
    assert await _results(database, session_id) == [(1, "never", "failed"), (2, "never", "failed")]
    assert [a["round"] for a in await _agents(database, session_id)] == [None, "fix"]


async def test_a_hanging_gate_is_killed_with_its_group_at_its_timeout(
    agents: Client, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "hanging.pgid"
    await _project(agents, project_dir, fix_rounds=0)
    hang = f"echo $$ > {marker}; sleep 600 & sleep 600"
    await _gate(agents, "hang", hang, timeout_seconds=1)
    session_id = await _build(agents)
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert (session["status"], session["checks"]) == ("awaiting_review", "failed")
    assert await _results(database, session_id) == [(1, "hang", "timed_out")]
    # The shell and both sleeps (one in the background) are gone: the whole group.
    assert group_members(_pgid(marker)) == []


async def test_cancel_during_a_gate_kills_it(
    agents: Client, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "cancelled.pgid"
    await _project(agents, project_dir)
    await _gate(agents, "slow", f"echo $$ > {marker}; echo gate-started; sleep 600")
    session_id = await _build(agents)
    await until_event(database, session_id, "gate_output", "gate-started")
    assert group_members(_pgid(marker)) != []
    response = await agents.post(f"/api/sessions/{session_id}/cancel", headers=AUTH)
    assert response.status_code == 202, response.text
    session = await until_status(database, session_id, "cancelled")
    assert session["checks"] == "failed"
    assert await _results(database, session_id) == [(1, "slow", "cancelled")]
    await eventually(lambda: group_members(_pgid(marker)) == [], what="the gate's group to end")
    assert [a["status"] for a in await _agents(database, session_id)] == ["cancelled"]


async def test_binary_output_and_a_command_that_cannot_start(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    await _project(agents, project_dir)
    noisy = r"printf 'a\000b\377c\n'; head -c 300000 /dev/zero; echo; echo done"
    await _gate(agents, "noisy", noisy)
    await _gate(agents, "missing", "no-such-command-here", required=False)
    session_id = await _build(agents)
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert (session["status"], session["checks"]) == ("awaiting_review", "passed")
    assert await _results(database, session_id) == [
        (1, "noisy", "passed"),
        (1, "missing", "could_not_start"),
    ]
    lines = [
        e["payload"]["line"]
        for e in await session_log(database, session_id)
        if e["kind"] == "gate_output" and e["payload"]["gate"] == "noisy"
    ]
    assert lines[0] == "a\ufffdb\ufffdc"
    assert lines[-1] == "done"
    assert all(len(line) <= 4000 for line in lines)
