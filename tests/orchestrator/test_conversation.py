"""Review comments, request changes and follow-up messages, for real: comments are
checked against the stored diff (nothing written when refused), request changes sends
every unresolved comment with its lines and excerpt to a build agent round in its own
conversation, whose edit lands in its own commit, then the gates run again; a follow-up
message starts a round in the same Claude conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_runs import session_log, until_status
from tests.support.command_refusals import refused
from tests.support.databases import TestDatabase
from tests.support.db_reads import one, rows
from tests.support.git_repos import git
from tests.support.orchestrator import AUTH, Client

pytestmark = pytest.mark.agents

MODULE = "hello_pilothouse.py"


async def _reviewed_session(client: Client, database: TestDatabase, project_dir: Path) -> int:
    """A build-only session with a gate, waiting in review."""
    registered = await client.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert registered.status_code == 201, registered.text
    gate = await client.post(
        "/api/projects/demo/gates", json={"name": "check", "command": "echo checked"}, headers=AUTH
    )
    assert gate.status_code == 201, gate.text
    response = await client.post(
        "/api/sessions",
        json={"project": "demo", "prompt": "Greet people", "phases": ["build"]},
        headers=AUTH,
    )
    assert response.status_code == 202, response.text
    session_id = int(response.json()["id"])
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert session["status"] == "awaiting_review", session
    return session_id


async def _agents(database: TestDatabase, session_id: int) -> list[dict[str, Any]]:
    return await rows(
        database.url,
        "SELECT id, round, status, resumed_from, prompt, claude_session_id FROM agents"
        " WHERE session_id = %s ORDER BY id",
        (session_id,),
    )


async def _round_commit(database: TestDatabase, agent_id: int) -> list[str]:
    """The files of the round's own commit (what the diff scoped to it shows)."""
    found = await rows(
        database.url,
        "SELECT f.path FROM file_changes f JOIN session_commits c ON c.id = f.commit_id"
        " WHERE c.agent_id = %s ORDER BY f.path",
        (agent_id,),
    )
    return [row["path"] for row in found]


async def test_comment_request_changes_and_resolve(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    session_id = await _reviewed_session(agents, database, project_dir)
    base = f"/api/sessions/{session_id}"
    await refused(agents, database, "POST", f"{base}/request-changes", 409, "no unresolved",
                  headers=AUTH)  # fmt: skip
    comment = {"path": MODULE, "line_start": 4, "line_end": 5, "body": "Say hello politely"}
    for bad, status, detail in (
        ({"path": "README.md"}, 400, "not among the files"),
        ({"line_start": 4, "line_end": 99}, 400, "does not show line(s) 4-99"),
        ({"line_start": 0}, 400, "line_start"),
        ({"line_start": 5, "line_end": 4}, 400, "line_end"),
        ({"side": "old"}, 400, "of its old side"),
        ({"body": ""}, 400, "body"),
    ):
        await refused(agents, database, "POST", f"{base}/comments", status, detail,
                      json={**comment, **bad}, headers=AUTH)  # fmt: skip
    await refused(agents, database, "POST", "/api/sessions/nope/comments", 404, "no session",
                  json=comment, headers=AUTH)  # fmt: skip

    added = await agents.post(f"{base}/comments", json=comment, headers=AUTH)
    assert added.status_code == 201, added.text
    thread = added.json()
    assert (thread["side"], thread["resolved"], thread["sent_to"]) == ("new", False, None)
    assert (
        thread["excerpt"]
        == 'def greet(name: str = "world") -> str:\n    return f"Hello, {name}, from Pilothouse"'
    )
    await refused(agents, database, "PATCH", f"{base}/comments/999999", 404, "no comment",
                  json={"resolved": True}, headers=AUTH)  # fmt: skip

    sent = await agents.post(f"{base}/request-changes", headers=AUTH)
    assert sent.status_code == 202, sent.text
    assert sent.json()["status"] == "queued"
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert (session["status"], session["checks"]) == ("awaiting_review", "passed")

    build, review = await _agents(database, session_id)
    assert (review["round"], review["status"], review["resumed_from"]) == (
        "comments", "completed", build["id"]
    )  # fmt: skip
    for part in (f"File: {MODULE}, lines 4-5", thread["excerpt"], "Comment: Say hello politely"):
        assert part in review["prompt"]
    # The round edited the commented lines, in a commit of its own.
    text = git(project_dir, "show", f"{session['branch']}:{MODULE}").splitlines()
    assert text[3] == "# review: Say hello politely"
    assert text[4].startswith("def greet(name")
    assert await _round_commit(database, review["id"]) == [MODULE]
    # The gates ran again after the round.
    runs = await rows(database.url, "SELECT run, agent_id FROM gate_results WHERE session_id"
                      " = %s ORDER BY id", (session_id,))  # fmt: skip
    assert [(r["run"], r["agent_id"]) for r in runs] == [(1, build["id"]), (2, review["id"])]
    stored = await one(database.url, "SELECT sent_to, resolved FROM review_comments")
    assert (stored["sent_to"], stored["resolved"]) == (review["id"], False)

    resolved = await agents.patch(
        f"{base}/comments/{thread['id']}", json={"resolved": True}, headers=AUTH
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["resolved"] is True
    actions = [e["payload"]["action"] for e in await session_log(database, session_id)
               if e["kind"] == "comment"]  # fmt: skip
    assert actions == ["added", "sent", "resolved"]
    await refused(agents, database, "POST", f"{base}/request-changes", 409, "no unresolved",
                  headers=AUTH)  # fmt: skip
    deleted = await agents.delete(f"{base}/comments/{thread['id']}", headers=AUTH)
    assert deleted.status_code == 200, deleted.text
    assert await rows(database.url, "SELECT id FROM review_comments") == []


async def test_a_follow_up_resumes_the_same_conversation(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    session_id = await _reviewed_session(agents, database, project_dir)
    base = f"/api/sessions/{session_id}"
    await refused(agents, database, "POST", f"{base}/follow-up", 400, "message",
                  json={"message": "  "}, headers=AUTH)  # fmt: skip
    await refused(agents, database, "POST", "/api/sessions/nope/follow-up", 404, "no session",
                  json={"message": "hi"}, headers=AUTH)  # fmt: skip

    response = await agents.post(
        f"{base}/follow-up", json={"message": "Also note the date format"}, headers=AUTH
    )
    assert response.status_code == 202, response.text
    session = await until_status(database, session_id, "awaiting_review", "failed")
    assert session["status"] == "awaiting_review", session
    build, follow = await _agents(database, session_id)
    assert (follow["round"], follow["status"]) == ("follow_up", "completed")
    # The round continued the build agent's own Claude conversation.
    assert follow["resumed_from"] == build["id"]
    assert follow["claude_session_id"] == build["claude_session_id"]
    assert "Also note the date format" in follow["prompt"]
    noted = git(project_dir, "show", f"{session['branch']}:PILOTHOUSE_FOLLOW_UP.md")
    assert noted == "Also note the date format"
    # Its diff is its own: the diff scoped to the round holds just what it changed.
    assert await _round_commit(database, follow["id"]) == ["PILOTHOUSE_FOLLOW_UP.md"]


async def test_follow_up_needs_a_build_conversation_and_a_branch(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    registered = await agents.post("/api/projects", json={"path": str(project_dir)}, headers=AUTH)
    assert registered.status_code == 201
    response = await agents.post(
        "/api/sessions", json={"project": "demo", "prompt": "Specify", "phases": ["spec"]},
        headers=AUTH,
    )  # fmt: skip
    session_id = int(response.json()["id"])
    await until_status(database, session_id, "completed", "failed")
    follow_up = f"/api/sessions/{session_id}/follow-up"
    await refused(agents, database, "POST", follow_up, 409, "no build agent conversation",
                  json={"message": "more"}, headers=AUTH)  # fmt: skip
