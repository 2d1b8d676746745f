"""Orchestrators as real processes: killed mid-phase and restarted, and two on one database."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import msgspec
import pytest

from tests.support.agent_runs import (
    SLOW_TOOL,
    session_log,
    session_row,
    until_event,
    until_status,
)
from tests.support.databases import TestDatabase
from tests.support.db_reads import one, rows
from tests.support.git_repos import fingerprint, git, present
from tests.support.orchestrator import orchestrator_settings
from tests.support.orchestrator_processes import Launched, launched_orchestrators, post
from tests.support.processes import agent_clis, processes_running
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents


@pytest.fixture
def launched(tmp_path: Path) -> Iterator[Launched]:
    with launched_orchestrators(tmp_path) as orchestrators:
        yield orchestrators


async def test_killed_mid_phase_then_restarted_and_resumed(
    tmp_path: Path,
    workspace: Path,
    database: TestDatabase,
    project_dir: Path,
    launched: Launched,
) -> None:
    settings = orchestrator_settings(tmp_path, workspace, database, max_running_agents=1)
    first = await launched.launch(settings)
    await post(first, "/api/projects", {"path": str(project_dir)})
    body = {"project": "demo", "prompt": "Slowly [scripted:slow]", "phases": ["build", "docs"]}
    session_id = (await post(first, "/api/sessions", body))["id"]
    await until_event(database, session_id, "tool_use", SLOW_TOOL)
    clis = agent_clis(settings.data_dir)
    assert clis

    untouched = fingerprint(project_dir)
    first.kill()
    # The CLI does not outlive the orchestrator (and takes its tool with it).
    await eventually(lambda: _none_left(settings.data_dir, tmp_path), within=30)
    assert await one(database.url, "SELECT status FROM sessions WHERE id = %s", (session_id,)) == {
        "status": "running"
    }
    # The build agent had written its first version before the slow step: it is in the
    # session's worktree, uncommitted; the main checkout never saw it.
    worktree = Path((await session_row(database, session_id))["worktree"])
    assert '"""Slowly [scripted:slow]"""' in (worktree / "hello_pilothouse.py").read_text()
    assert git(worktree, "status", "--porcelain") == "?? hello_pilothouse.py"

    second = await launched.launch(settings)
    session = await until_status(database, session_id, "interrupted", within=30)
    assert "stopped" in session["error"]
    stopped = await one(database.url, "SELECT * FROM agents WHERE session_id = %s", (session_id,))
    assert stopped["status"] == "interrupted"
    assert stopped["claude_session_id"]

    resumed = await post(second, f"/api/sessions/{session_id}/resume")
    assert resumed["status"] == "queued"
    session = await until_status(
        database, session_id, "awaiting_review", "completed", "failed", within=180
    )
    assert session["status"] == "awaiting_review", session
    # The resumed agent went on in the same worktree, with the partial change there: its
    # commit holds the module.
    assert session["worktree"] == str(worktree)
    agents = await rows(
        database.url, "SELECT * FROM agents WHERE session_id = %s ORDER BY id", (session_id,)
    )
    assert [(a["kind"], a["status"], a["resumed_from"]) for a in agents] == [
        ("build", "interrupted", None),
        ("build", "completed", stopped["id"]),
        ("docs", "completed", None),
    ]
    # Resumed through the SDK with the stored id: the CLI continued that very conversation.
    assert agents[1]["claude_session_id"] == stopped["claude_session_id"]
    events = await session_log(database, session_id)
    init = next(
        e
        for e in events
        if e["agent_id"] == agents[1]["id"] and e["payload"].get("subtype") == "init"
    )
    assert init["payload"]["claude_session_id"] == stopped["claude_session_id"]
    # The phase after the resumed one ran too. (What the resumed build does next is the
    # scripted model's business: it counts the CLI's "[Tool use interrupted]" turns.)
    assert (worktree / "PILOTHOUSE_NOTES.md").is_file()
    for field in ("cost_usd", "turns", "input_tokens", "output_tokens"):
        assert session[field] == pytest.approx(sum(a[field] for a in agents)), field
    commits = await rows(
        database.url,
        "SELECT agent_id, parent_sha, sha FROM session_commits WHERE session_id = %s ORDER BY id",
        (session_id,),
    )
    assert [c["agent_id"] for c in commits] == [agents[1]["id"], agents[2]["id"]]
    assert commits[0]["parent_sha"] == session["base_commit"]
    built = git(project_dir, "show", "--name-only", "--format=", commits[0]["sha"])
    assert built.splitlines() == ["hello_pilothouse.py"]
    assert fingerprint(project_dir) == untouched

    # Approve works afterwards: the checkout's branch gets one commit with both files.
    approved = await post(second, f"/api/sessions/{session_id}/approve", {})
    assert approved["status"] == "merged"
    assert git(project_dir, "rev-parse", "HEAD") == approved["merged_commit"]
    merged = git(project_dir, "show", "--name-only", "--format=%s", "HEAD").splitlines()
    assert merged == ["Slowly [scripted:slow]", "", "PILOTHOUSE_NOTES.md", "hello_pilothouse.py"]
    # The checkout's files are the branch's last commit's, byte for byte.
    assert git(project_dir, "diff", commits[-1]["sha"]) == ""
    assert not present(worktree)


async def _none_left(data_dir: Path, under: Path) -> bool:
    return not agent_clis(data_dir) and not processes_running(SLOW_TOOL, under=under)


async def test_two_orchestrators_share_one_database(
    tmp_path: Path,
    workspace: Path,
    database: TestDatabase,
    project_dir: Path,
    launched: Launched,
) -> None:
    settings = orchestrator_settings(tmp_path, workspace, database, max_running_agents=1)
    first = await launched.launch(settings)
    second = await launched.launch(settings)
    await post(first, "/api/projects", {"path": str(project_dir)})
    ids = []
    for number in range(4):
        target = first if number % 2 else second
        body = {"project": "demo", "prompt": f"Spec number {number}", "phases": ["spec"]}
        ids.append((await post(target, "/api/sessions", body))["id"])
    for session_id in ids:
        await until_status(database, session_id, "completed", within=180)

    agents = await rows(
        database.url,
        "SELECT a.session_id, s.worker_id, a.started_at, a.finished_at FROM agents a"
        " JOIN sessions s ON s.id = a.session_id ORDER BY a.started_at",
    )
    # Never the same session twice: one agent each.
    assert sorted(a["session_id"] for a in agents) == sorted(ids)
    # Each worker ran at most one agent at a time (its limit).
    by_worker: dict[int, list[dict[str, Any]]] = {}
    for agent in agents:
        by_worker.setdefault(agent["worker_id"], []).append(agent)
    for runs in by_worker.values():
        for earlier, later in pairwise(runs):
            assert earlier["finished_at"] <= later["started_at"]
    assert len(by_worker) == 2


async def test_a_session_killed_on_one_orchestrator_resumes_on_another(
    tmp_path: Path,
    workspace: Path,
    database: TestDatabase,
    project_dir: Path,
    launched: Launched,
) -> None:
    """Two orchestrators that share only the database (each its own data directory, so
    its own Claude config directory): a build killed mid-phase on the first resumes on
    the second in the same Claude conversation, loaded from the database. The scripted
    model picks its step by the assistant turns the conversation holds, so a resumed
    agent whose first tool call is the script's fourth step (the Edit after the slow
    Bash) was sent the earlier turns; a fresh conversation would start over at step one
    (Read plan.json)."""
    base = orchestrator_settings(tmp_path, workspace, database, max_running_agents=1)
    first_settings = msgspec.structs.replace(base, data_dir=tmp_path / "a")
    first = await launched.launch(first_settings)
    await post(first, "/api/projects", {"path": str(project_dir)})
    body = {"project": "demo", "prompt": "Elsewhere [scripted:slow]", "phases": ["build"]}
    session_id = (await post(first, "/api/sessions", body))["id"]
    await until_event(database, session_id, "tool_use", SLOW_TOOL)
    stopped = await one(database.url, "SELECT * FROM agents WHERE session_id = %s", (session_id,))
    conversation = stopped["claude_session_id"]
    assert conversation
    # The conversation so far is in the database (mirrored eagerly, before the kill).
    await eventually(
        lambda: _transcript_lines(database, conversation), what="the transcript stored"
    )
    first.kill()
    await eventually(lambda: _none_left(first_settings.data_dir, tmp_path), within=30)

    second_dir = tmp_path / "b"
    second = await launched.launch(msgspec.structs.replace(base, data_dir=second_dir))
    await until_status(database, session_id, "interrupted", within=30)
    assert not list((second_dir / "scripted-claude").rglob(f"{conversation}.jsonl"))
    resumed = await post(second, f"/api/sessions/{session_id}/resume")
    assert resumed["status"] == "queued"
    session = await until_status(
        database, session_id, "awaiting_review", "completed", "failed", within=180
    )
    assert session["status"] == "awaiting_review", session
    agents = await rows(
        database.url, "SELECT * FROM agents WHERE session_id = %s ORDER BY id", (session_id,)
    )
    assert [(a["status"], a["resumed_from"]) for a in agents] == [
        ("interrupted", None),
        ("completed", stopped["id"]),
    ]
    assert agents[1]["claude_session_id"] == conversation
    events = await session_log(database, session_id)
    tools = [
        e["payload"]["name"]
        for e in events
        if e["agent_id"] == agents[1]["id"] and e["kind"] == "tool_use"
    ]
    assert tools[0] == "Edit", tools


async def _transcript_lines(database: TestDatabase, conversation: str) -> bool:
    found = await one(
        database.url,
        "SELECT count(*) AS n FROM claude_transcripts WHERE claude_session_id = %s",
        (conversation,),
    )
    return bool(found["n"])
