"""Supervised mode, for real: the real CLI's Bash calls and questions reach the SDK's
`can_use_tool`, wait as permission requests (rows and events), and go on as the user
answers through the orchestrator — deny with a message the agent receives, allow once,
allow the same command for the rest of the session, answers to the agent's question.
Unanswered requests expire; an orchestrator killed while one waits leaves it
interrupted, and the resumed agent asks again. Autonomous sessions never ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from services.orchestrator.app import create_app
from services.scripted_model.supervised import PROBE_COMMAND, QUESTION
from shared.config.settings import Settings
from tests.support.agent_runs import session_log, session_row, start, until_status
from tests.support.databases import TestDatabase
from tests.support.orchestrator import AUTH, Client
from tests.support.permission_requests import (
    ENDED,
    answer,
    nth_pending,
    requests_of,
    results_of,
)
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents

SUPERVISED = "Probe [scripted:supervised]"


async def test_deny_reaches_the_agent_which_goes_on_and_asks_again(
    agent_settings: Settings, database: TestDatabase, project_dir: Path, tmp_path: Path
) -> None:
    heard = tmp_path / "notified.txt"
    command = f'echo "$NOTIFY_KIND|$NOTIFY_SESSION|$NOTIFY_MESSAGE" >> {heard}'
    settings = msgspec.structs.replace(agent_settings, notify_command=command)
    async with AsyncTestClient(create_app(settings)) as client:
        started = await start(
            client, project_dir, SUPERVISED, phases=["build"], supervision="supervised"
        )
        session_id = started["id"]
        first = await nth_pending(database, session_id, 1)
        assert (first["kind"], first["tool_name"]) == ("tool", "Bash")
        assert first["tool_input"]["command"] == PROBE_COMMAND
        assert first["reason"] == "Write the probe file"
        session = await session_row(database, session_id)
        assert (session["supervision"], session["pending_requests"]) == ("supervised", 1)
        # The user is told, with the request in words.
        lines = await eventually(lambda: heard.read_text() if heard.is_file() else None)
        assert f"needs_answer|{started['slug']}|" in lines
        assert PROBE_COMMAND in lines

        denied = await answer(
            client, session_id, first["id"], {"decision": "deny", "message": "Not that way"}
        )
        assert (denied["status"], denied["decision"]) == ("denied", "deny")
        # Answered once: a second answer is refused, in plain words.
        again = await answer(client, session_id, first["id"], {"decision": "allow_once"}, 409)
        assert "no longer waiting" in again["detail"]

        # The agent got the message, went on (its Write needed nobody), and asks again.
        second = await nth_pending(database, session_id, 2)
        assert second["tool_input"]["command"] == PROBE_COMMAND
        await answer(client, session_id, second["id"], {"decision": "allow_once"})
        session = await until_status(database, session_id, *ENDED)
    assert session["status"] == "awaiting_review", session
    assert session["pending_requests"] == 0
    events = await session_log(database, session_id)
    results = results_of(events)
    assert any(r["is_error"] and "Not that way" in r["content"] for r in results), results
    assert (Path(session["worktree"]) / "probe.txt").read_text() == "supervised-probe\n"
    changes = [e["payload"]["status"] for e in events if e["kind"] == "permission_changed"]
    assert changes == ["pending", "denied", "pending", "allowed"]
    assert [r["status"] for r in await requests_of(database, session_id)] == ["denied", "allowed"]


async def test_allow_for_the_session_runs_the_same_command_later_unasked(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    started = await start(
        agents, project_dir, SUPERVISED, phases=["build"], supervision="supervised"
    )
    session_id = started["id"]
    first = await nth_pending(database, session_id, 1)
    await answer(agents, session_id, first["id"], {"decision": "allow_session"})
    session = await until_status(database, session_id, *ENDED)
    assert session["status"] == "awaiting_review", session
    made = await requests_of(database, session_id)
    assert [(r["status"], r["decision"]) for r in made] == [("allowed", "allow_session")]
    events = await session_log(database, session_id)
    bash = [e for e in events if e["kind"] == "tool_use" and e["payload"]["name"] == "Bash"]
    assert len(bash) == 2
    assert not any(r["is_error"] for r in results_of(events))


async def test_an_unanswered_request_expires_and_the_agent_is_told(
    agent_settings: Settings, database: TestDatabase, project_dir: Path
) -> None:
    settings = msgspec.structs.replace(agent_settings, permission_timeout_s=1.0)
    async with AsyncTestClient(create_app(settings)) as client:
        started = await start(
            client, project_dir, SUPERVISED, phases=["build"], supervision="supervised"
        )
        session = await until_status(database, started["id"], *ENDED)
        made = await requests_of(database, started["id"])
        late = await answer(client, started["id"], made[0]["id"], {"decision": "allow_once"}, 409)
    assert "in time" in late["detail"]
    assert session["status"] == "awaiting_review", session
    assert [r["status"] for r in made] == ["expired", "expired"]
    assert all("Nobody answered" in r["message"] for r in made)
    results = results_of(await session_log(database, started["id"]))
    assert sum(1 for r in results if r["is_error"] and "Nobody answered" in r["content"]) == 2


async def test_the_agents_question_is_answered(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    started = await start(
        agents, project_dir, "Ask [scripted:ask]", phases=["build"], supervision="supervised"
    )
    session_id = started["id"]
    asked = await nth_pending(database, session_id, 1)
    assert (asked["kind"], asked["tool_name"]) == ("question", "AskUserQuestion")
    assert [q["question"] for q in asked["questions"]] == [QUESTION]
    await answer(
        agents, session_id, asked["id"], {"decision": "allow_once", "answers": {QUESTION: "Ahoy"}}
    )
    # Its Bash call (noting the answer) asks too.
    noted = await nth_pending(database, session_id, 2)
    assert "Ahoy" in noted["tool_input"]["command"]
    await answer(agents, session_id, noted["id"], {"decision": "allow_once"})
    session = await until_status(database, session_id, *ENDED)
    assert session["status"] == "awaiting_review", session
    assert "Ahoy" in (Path(session["worktree"]) / "answer.txt").read_text()


async def test_autonomous_sessions_never_ask(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    started = await start(agents, project_dir, SUPERVISED, phases=["build"])
    session = await until_status(database, started["id"], *ENDED)
    assert (session["status"], session["supervision"]) == ("awaiting_review", "autonomous")
    assert await requests_of(database, started["id"]) == []
    assert (Path(session["worktree"]) / "probe.txt").read_text() == "supervised-probe\n"


async def test_a_cancel_while_asking_leaves_the_request_interrupted(
    agents: Client, database: TestDatabase, project_dir: Path
) -> None:
    started = await start(
        agents, project_dir, SUPERVISED, phases=["build"], supervision="supervised"
    )
    session_id = started["id"]
    await nth_pending(database, session_id, 1)
    cancelled = await agents.post(f"/api/sessions/{session_id}/cancel", headers=AUTH)
    assert cancelled.status_code == 202, cancelled.text
    session = await until_status(database, session_id, "cancelled", "failed", "interrupted")
    assert session["status"] == "cancelled", session

    async def settled() -> list[dict[str, Any]] | None:
        made = await requests_of(database, session_id)
        return made if made[0]["status"] != "pending" else None

    [request] = await eventually(settled, within=60)
    assert request["status"] == "interrupted"
    assert (await session_row(database, session_id))["pending_requests"] == 0


@pytest.mark.parametrize("fenced", [True, False])
async def test_a_write_outside_the_workspace_asks_unless_the_fence_refuses_it(
    agent_settings: Settings,
    database: TestDatabase,
    project_dir: Path,
    tmp_path: Path,
    fenced: bool,
) -> None:
    outside = tmp_path / "outside.txt"
    settings = msgspec.structs.replace(agent_settings, unfenced=not fenced)
    prompt = f"Write out [scripted:probe]\nprobe-write: {outside}"
    async with AsyncTestClient(create_app(settings)) as client:
        started = await start(
            client, project_dir, prompt, phases=["build"], supervision="supervised"
        )
        if not fenced:
            asked = await nth_pending(database, started["id"], 1)
            assert (asked["tool_name"], asked["tool_input"]["file_path"]) == ("Write", str(outside))
            await answer(client, started["id"], asked["id"], {"decision": "deny", "message": "No"})
        session = await until_status(database, started["id"], *ENDED)
    assert session["status"] in ("completed", "awaiting_review"), session
    assert len(await requests_of(database, started["id"])) == (0 if fenced else 1)
    assert not outside.exists()
    [result] = results_of(await session_log(database, started["id"]))
    assert result["is_error"]
    assert ("Pilothouse fence" if fenced else "No") in result["content"]


async def test_a_shutdown_while_asking_leaves_it_interrupted(
    agent_settings: Settings, database: TestDatabase, project_dir: Path
) -> None:
    async with AsyncTestClient(create_app(agent_settings)) as client:
        started = await start(
            client, project_dir, SUPERVISED, phases=["build"], supervision="supervised"
        )
        await nth_pending(database, started["id"], 1)
    # The orchestrator has stopped (its app's lifespan is over).
    session = await session_row(database, started["id"])
    assert (session["status"], session["pending_requests"]) == ("interrupted", 0)
    assert [r["status"] for r in await requests_of(database, started["id"])] == ["interrupted"]
