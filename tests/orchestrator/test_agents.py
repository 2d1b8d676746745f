"""The whole agent path for real: the bundled Claude Code CLI against the scripted model.

Each test drives the orchestrator over HTTP and checks what a user would notice: the
session's status, the files on disk, the journal, the totals, the processes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from shared.config.settings import Settings
from tests.support.agent_runs import (
    SLOW_TOOL,
    session_log,
    session_row,
    start,
    until_event,
    until_status,
)
from tests.support.databases import TestDatabase
from tests.support.db_reads import one, rows
from tests.support.git_repos import fingerprint, git
from tests.support.orchestrator import AUTH, Client
from tests.support.processes import agent_clis, processes_running
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents

USAGE_FIELDS = (
    "cost_usd",
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_creation_tokens",
    "turns",
)


def check_agent_log(events: list[dict[str, Any]], agent: dict[str, Any], ending: str) -> None:
    """One agent's journal: bracketed by phase markers, every tool call answered, and a
    result whose figures are the agent row's."""
    log = [
        event
        for event in events
        if event["agent_id"] == agent["id"] and event["kind"] != "agent_changed"
    ]
    kinds = [event["kind"] for event in log]
    if "commit" in kinds:
        # What the agent changed is committed after its result, before its end.
        assert kinds[-2] == "commit", kinds
        del log[-2], kinds[-2]
    assert (kinds[0], log[0]["payload"]["state"]) == ("phase", "started"), kinds
    assert kinds[1] == "user"
    assert (kinds[2], log[2]["payload"]["subtype"]) == ("system", "init")
    assert log[2]["payload"]["claude_session_id"] == agent["claude_session_id"]
    assert log[2]["payload"]["scripted"] is True
    assert (kinds[-1], log[-1]["payload"]["state"]) == ("phase", ending)
    assert kinds[-2] == "result"
    result = log[-2]["payload"]
    for field in USAGE_FIELDS:
        if field == "cost_usd":
            assert result[field] == pytest.approx(agent[field])
        else:
            assert result[field] == agent[field], field
    uses = [event["payload"]["tool_use_id"] for event in log if event["kind"] == "tool_use"]
    answers = [event["payload"]["tool_use_id"] for event in log if event["kind"] == "tool_result"]
    assert uses
    assert sorted(uses) == sorted(answers)


async def test_a_session_runs_every_phase_to_review(
    agents: Client, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    untouched = fingerprint(project_dir)
    accepted = await start(agents, project_dir, "Add a greeting to the demo")
    session = await until_status(
        database, accepted["id"], "awaiting_review", "completed", "failed", "cancelled"
    )
    assert session["status"] == "awaiting_review", session
    assert session["current_phase"] is None

    artifacts = Path(session["artifact_dir"])
    assert (artifacts / "spec.md").read_text().startswith("# Add a greeting to the demo\n")
    assert len(json.loads((artifacts / "plan.json").read_text())["steps"]) == 3
    assert json.loads((artifacts / "state.json").read_text())["phase"] == "docs"
    # The agents worked in the session's worktree, on its branch; the checkout is as it was.
    worktree = Path(session["worktree"])
    assert worktree.parent.parent == agent_settings_root(session)
    assert fingerprint(project_dir) == untouched
    assert 'def greet(name: str = "world")' in (worktree / "hello_pilothouse.py").read_text()
    assert (worktree / "PILOTHOUSE_NOTES.md").is_file()
    # One commit per agent that changed something, named after its phase, nothing left over.
    log = git(worktree, "log", "--format=%an|%cn|%s", f"{session['base_commit']}..HEAD")
    of_session = f"of session {session['slug']}"
    assert log.splitlines() == [
        f"Pilothouse docs agent|Pilothouse|Changes by the docs agent (#4) {of_session}",
        f"Pilothouse build agent|Pilothouse|Changes by the build agent (#3) {of_session}",
    ]
    assert git(worktree, "status", "--porcelain") == ""
    assert (session["files_changed"], session["head_commit"]) == (
        2,
        git(worktree, "rev-parse", "HEAD"),
    )

    agent_rows = await rows(
        database.url, "SELECT * FROM agents WHERE session_id = %s ORDER BY id", (accepted["id"],)
    )
    assert [(a["kind"], a["status"]) for a in agent_rows] == [
        ("spec", "completed"),
        ("plan", "completed"),
        ("build", "completed"),
        ("docs", "completed"),
    ]
    assert len({a["claude_session_id"] for a in agent_rows}) == 4
    for field in USAGE_FIELDS:
        assert session[field] == pytest.approx(sum(a[field] for a in agent_rows)), field
    assert session["turns"] > 4
    assert session["input_tokens"] > 0
    assert session["cost_usd"] > 0

    events = await session_log(database, accepted["id"])
    assert all(event["project_id"] == session["project_id"] for event in events)
    session_level = ("session_changed", "workspace")
    assert all(event["agent_id"] for event in events if event["kind"] not in session_level)
    commits = [e["payload"] for e in events if e["kind"] == "commit"]
    assert [(c["phase"], c["files"], c["agent_id"]) for c in commits] == [
        ("build", 1, agent_rows[2]["id"]),
        ("docs", 1, agent_rows[3]["id"]),
    ]
    for agent in agent_rows:
        check_agent_log(events, agent, "completed")
    # Phases follow each other in the feed: each starts after the previous one ended.
    markers = [
        (e["payload"]["phase"], e["payload"]["state"]) for e in events if e["kind"] == "phase"
    ]
    assert markers == [
        (phase, state)
        for phase in ("spec", "plan", "build", "docs")
        for state in ("started", "completed")
    ]
    assert events[-1]["kind"] == "session_changed"
    assert events[-1]["payload"]["status"] == "awaiting_review"
    assert agent_clis(tmp_path / "data") == []

    # A debug agent afterwards investigates and reports in the same worktree, and the
    # session is back in review.
    debug = await agents.post(
        f"/api/sessions/{accepted['id']}/debug",
        json={"prompt": "Is the greeting right?"},
        headers=AUTH,
    )
    assert debug.json()["status"] == "queued"
    await eventually(lambda: _debug_done(database, accepted["id"]), within=120, every=0.2)
    assert (artifacts / "debug" / "report.md").is_file()
    after = await session_row(database, accepted["id"])
    assert (after["status"], after["worktree"]) == ("awaiting_review", session["worktree"])


def agent_settings_root(session: dict[str, Any]) -> Path:
    """The worktrees directory of the test's settings (data/worktrees/<project>/<session>)."""
    return Path(session["artifact_dir"]).parent.parent / "worktrees"


async def _debug_done(database: TestDatabase, session_id: int) -> bool:
    found = await rows(
        database.url,
        "SELECT a.status AS agent, s.status AS session FROM agents a"
        " JOIN sessions s ON s.id = a.session_id WHERE a.session_id = %s AND a.kind = 'debug'",
        (session_id,),
    )
    return bool(found) and found[0] == {"agent": "completed", "session": "awaiting_review"}


async def test_cancel_stops_the_cli_mid_phase(
    agents: Client, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    accepted = await start(agents, project_dir, "Take your time [scripted:slow]", phases=["build"])
    await until_event(database, accepted["id"], "tool_use", SLOW_TOOL)
    await eventually(lambda: _running(SLOW_TOOL, tmp_path), within=30)
    clis = agent_clis(tmp_path / "data")
    assert clis

    response = await agents.post(f"/api/sessions/{accepted['id']}/cancel", headers=AUTH)
    assert response.status_code == 202
    session = await until_status(
        database, accepted["id"], "cancelled", "completed", "failed", within=30
    )
    assert session["status"] == "cancelled"
    await eventually(lambda: _gone(clis, tmp_path / "data"), within=20)
    # The CLI's tool goes with it: within moments, not when its 30 s sleep would end.
    await eventually(lambda: _stopped(SLOW_TOOL, under=tmp_path), within=10)

    agent = await one(database.url, "SELECT * FROM agents WHERE session_id = %s", (accepted["id"],))
    assert agent["status"] == "cancelled"
    assert agent["error"] is None
    events = await session_log(database, accepted["id"])
    check_agent_log(events, agent, "cancelled")
    # The agent's last entries, its end and the session's end committed together.
    assert (events[-1]["kind"], events[-1]["payload"]["status"]) == ("session_changed", "cancelled")
    last_xid = events[-1]["xid"]
    tail = [event["kind"] for event in events if event["xid"] == last_xid]
    assert tail[-4:] == ["commit", "agent_changed", "phase", "session_changed"]
    # What the agent wrote before the cancel is kept, committed on the session's branch;
    # the main checkout never saw it.
    assert not (project_dir / "hello_pilothouse.py").exists()
    session = await session_row(database, accepted["id"])
    shown = git(project_dir, "show", "--name-only", "--format=", session["head_commit"])
    assert shown == "hello_pilothouse.py"


async def _running(fragment: str, under: Path) -> bool:
    return bool(processes_running(fragment, under=under))


async def _stopped(fragment: str, under: Path) -> bool:
    return not processes_running(fragment, under=under)


async def _gone(pids: list[int], data_dir: Path) -> bool:
    return not set(pids) & set(agent_clis(data_dir))


async def test_a_failing_model_fails_the_session_with_its_error(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    accepted = await start(agents, project_dir, "Break [scripted:fail]", phases=["spec", "plan"])
    session = await until_status(database, accepted["id"], "failed", "completed")
    assert session["status"] == "failed"
    assert "scripted failure" in session["error"]
    agent_rows = await rows(
        database.url, "SELECT * FROM agents WHERE session_id = %s", (accepted["id"],)
    )
    assert [(a["kind"], a["status"]) for a in agent_rows] == [("spec", "failed")]
    events = await session_log(database, accepted["id"])
    errors = [event["payload"]["message"] for event in events if event["kind"] == "error"]
    assert errors
    assert "scripted failure" in errors[0]
    assert session["current_phase"] == "spec"


async def test_queued_work_starts_after_a_restart(
    settings_no_agents: Settings,
    agent_settings: Settings,
    database: TestDatabase,
    project_dir: Path,
) -> None:
    # Queued by an orchestrator that runs nothing itself, then stopped.
    async with AsyncTestClient(create_app(settings_no_agents)) as commands_only:
        accepted = await start(commands_only, project_dir, "Later, please", phases=["spec"])
    assert (await session_row(database, accepted["id"]))["status"] == "queued"
    async with AsyncTestClient(create_app(agent_settings)):
        session = await until_status(database, accepted["id"], "completed")
    assert session["status"] == "completed"


async def test_shutdown_interrupts_the_running_agent(
    agent_settings: Settings, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    async with AsyncTestClient(create_app(agent_settings)) as client:
        accepted = await start(client, project_dir, "Slow one [scripted:slow]", phases=["build"])
        await until_event(database, accepted["id"], "tool_use", SLOW_TOOL)
        clis = agent_clis(tmp_path / "data")
        assert clis
    # Leaving the block shut the orchestrator down: the agent was stopped and recorded.
    assert not set(clis) & set(agent_clis(tmp_path / "data"))
    session = await session_row(database, accepted["id"])
    assert session["status"] == "interrupted"
    agent = await one(database.url, "SELECT * FROM agents WHERE session_id = %s", (accepted["id"],))
    assert agent["status"] == "interrupted"
    assert agent["claude_session_id"]
    assert "shut down" in agent["error"]
