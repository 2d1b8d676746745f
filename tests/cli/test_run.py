"""`pilothouse run` against the real services and agents: the live log, the exit code,
and a read-service restart in the middle of a run that loses and repeats nothing."""

from __future__ import annotations

import asyncio
import re

import msgspec
import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_INTERRUPTED
from shared.contract.enums import EventKind, SessionStatus
from shared.contract.frames import Events, ServerFrame
from tests.support.agent_runs import SLOW_TOOL
from tests.support.cli_client import Cli, client_env, pilothouse
from tests.support.db_reads import rows
from tests.support.stack import Stack
from tests.support.waiting import eventually

pytestmark = pytest.mark.agents

PHASES = ("spec", "plan", "build", "docs")


async def session_events(stack: Stack, session_id: int) -> list[dict[str, object]]:
    return await rows(
        stack.database_url,
        "SELECT id, kind, payload FROM events WHERE session_id = %s ORDER BY position",
        (session_id,),
    )


async def test_run_prints_every_phase_and_exits_0(stack: Stack) -> None:
    result = await pilothouse(stack, "run", "demo", "Add a greeting")

    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert "UNFENCED" not in result.stdout  # fenced here; tests/cli/test_unfenced.py
    lines = result.stdout.splitlines()
    headers = [line.split(" · ")[0] for line in lines if line.startswith("▶ ")]
    assert headers == [f"▶ {phase}" for phase in PHASES]
    assert [line for line in lines if line.startswith("✓ ")] == [
        f"✓ {phase} completed" for phase in PHASES
    ]
    end = lines.index("● session awaiting_review")
    assert lines[end + 1].startswith("  total $")
    # Then what the session changed on its branch, and the command that approves it.
    assert lines[end + 3].startswith("changes on pilothouse/")
    assert lines[-2].startswith("  approve:  pilothouse approve ")
    # One line per tool call, naming the tool and what it worked on.
    [session] = await rows(stack.database_url, "SELECT * FROM sessions ORDER BY id DESC LIMIT 1")
    events = await session_events(stack, session["id"])
    calls = [e["payload"] for e in events if e["kind"] == "tool_use"]
    shown = [line for line in lines if line.startswith("  → ")]
    assert len(shown) == len(calls) > 0
    for line, call in zip(shown, calls, strict=True):
        assert isinstance(call, dict)
        assert line.startswith(f"  → {call['name']} ")
    assert "  → Write artifacts/spec.md" in lines
    assert "  → Bash ls -1" in lines
    # A scripted run's cost is made up, and says so.
    cost = f"${session['cost_usd']:.4f} (simulated, not billed)"
    assert f"  total {cost} · {session['turns']} turns" in result.stdout


async def test_read_service_restart_mid_run_loses_and_repeats_nothing(stack: Stack) -> None:
    cli = await Cli.start(
        ("run", "demo", "Slowly [scripted:slow]", "--phases", "build,docs", "--json"),
        client_env(stack),
    )
    # The client is live on the WebSocket and has shown the call that takes 30 s.
    await cli.wait_printed(SLOW_TOOL)
    # The first lines may be `subscribed` frames; the session's id rides on its events.
    session_id = next(
        frame["events"][0]["session_id"]
        for frame in map(msgspec.json.decode, cli.lines)
        if frame["type"] == "events"
    )
    await asyncio.to_thread(stack.kill_read)
    try:
        # The run goes on while the read service is down: wait for events it cannot see.
        seen = len(await session_events(stack, session_id))
        await eventually(lambda: _more_than(stack, session_id, seen), within=120, every=0.5)
    finally:
        await asyncio.to_thread(stack.start_read)
    result = await cli.finish()

    assert result.code == 0, result.stderr
    assert "lost the read service" in result.stderr
    assert "reconnected" in result.stderr
    decoder = msgspec.json.Decoder(ServerFrame)
    frames = [decoder.decode(line) for line in result.stdout.splitlines()]
    received = [event.id for frame in frames if isinstance(frame, Events) for event in frame.events]
    in_database = [event["id"] for event in await session_events(stack, session_id)]
    assert received == in_database
    assert isinstance(frames[-1], Events)
    final = frames[-1].events[-1]
    assert final.kind is EventKind.SESSION_CHANGED, final
    assert final.payload.status is SessionStatus.AWAITING_REVIEW


async def _more_than(stack: Stack, session_id: int, count: int) -> bool:
    return len(await session_events(stack, session_id)) > count


async def test_orchestrator_crash_mid_run_exits_interrupted_then_resumes(stack: Stack) -> None:
    cli = await Cli.start(
        ("run", "demo", "Crash under me [scripted:slow]", "--phases", "build"), client_env(stack)
    )
    await cli.wait_printed(SLOW_TOOL)
    await asyncio.to_thread(stack.kill_orchestrator)
    # The next orchestrator finds the dead one's session and marks it interrupted.
    await asyncio.to_thread(stack.start_orchestrator)
    result = await cli.finish()

    assert result.code == EXIT_INTERRUPTED, result.stderr
    assert "● session interrupted" in result.stdout
    session = re.findall(r"\(#(\d+)\)", result.stdout)[0]
    resumed = await pilothouse(stack, "resume", session)
    assert resumed.code == EXIT_COMPLETED, resumed.stderr
    assert "● session awaiting_review" in resumed.stdout
