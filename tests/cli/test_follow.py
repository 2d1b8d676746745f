"""Following sessions that end every way: completed, cancelled, resumed, debugged, failed.

The exit code is the session's outcome; `follow` shows what `run` showed.
"""

from __future__ import annotations

import re

import pytest

from services.cli.outcome import EXIT_CANCELLED, EXIT_COMPLETED, EXIT_FAILED
from tests.support.agent_runs import SLOW_TOOL
from tests.support.cli_client import Cli, client_env, pilothouse
from tests.support.stack import Stack

pytestmark = pytest.mark.agents


def session_of(output: str) -> str:
    """The session id from the header line `session <slug> (#<id>)`."""
    found = re.match(r"session \S+ \(#(\d+)\)", output)
    assert found, output[:200]
    return found.group(1)


async def test_follow_shows_what_run_showed(stack: Stack) -> None:
    run = await pilothouse(stack, "run", "demo", "Document the greeting", "--phases", "spec,docs")
    assert run.code == EXIT_COMPLETED, run.stderr

    followed = await pilothouse(stack, "follow", session_of(run.stdout))

    assert followed.code == EXIT_COMPLETED, followed.stderr
    assert followed.stdout == run.stdout


async def test_cancel_resume_and_debug(stack: Stack) -> None:
    running = await Cli.start(
        ("run", "demo", "Slowly [scripted:slow]", "--phases", "build"), client_env(stack)
    )
    await running.wait_printed(SLOW_TOOL)
    session = session_of("".join(running.lines))
    # A second client following the same running session live.
    watcher = await Cli.start(("follow", session), client_env(stack))
    await watcher.wait_printed(SLOW_TOOL)

    cancelled = await pilothouse(stack, "cancel", session)
    assert cancelled.code == 0, cancelled.stderr
    assert "its agent stops within seconds" in cancelled.stdout
    for client in (running, watcher):
        result = await client.finish()
        assert result.code == EXIT_CANCELLED, result.stderr
        assert "● session cancelled" in result.stdout
        # A cancel reads as one, not as an error of the run nor as a prompt.
        assert "  result: cancelled · " in result.stdout
        assert "error_during_execution" not in result.stdout
        assert "Request interrupted" not in result.stdout
        assert result.stdout.rstrip().splitlines()[-1].startswith("  total $")

    resumed = await pilothouse(stack, "resume", session)
    assert resumed.code == EXIT_COMPLETED, resumed.stderr
    header = next(line for line in resumed.stdout.splitlines() if line.startswith("▶ build"))
    assert "resumes agent" in header
    assert "● session awaiting_review" in resumed.stdout

    debugged = await pilothouse(stack, "debug", session, "Is the greeting there?")
    assert debugged.code == EXIT_COMPLETED, debugged.stderr
    assert "▶ debug" in debugged.stdout
    assert "  → Write artifacts/debug/report.md" in debugged.stdout
    # Only what the debug command caused: no earlier phase is shown again.
    assert "▶ build" not in debugged.stdout


async def test_failed_session_exits_1(stack: Stack) -> None:
    result = await pilothouse(stack, "run", "demo", "Break [scripted:fail]", "--phases", "spec")
    assert result.code == EXIT_FAILED, result.stderr
    lines = result.stdout.splitlines()
    assert "✗ spec failed" in lines
    # The run's result says it failed, never "success" (the SDK's subtype for an API error).
    assert next(line for line in lines if line.startswith("  result: ")).startswith(
        "  result: failed · "
    )
    assert "result: success" not in result.stdout
    # Why it failed is said once (by the error entry), not again by each row it touched.
    assert "● session failed" in lines
    errors = [line for line in lines if line.startswith("  error: ")]
    assert len(errors) == 1
    assert not [line for line in lines if line.startswith("  agent ")]


async def test_detach_only_starts(stack: Stack) -> None:
    result = await pilothouse(
        stack, "run", "demo", "In the background", "--phases", "spec", "--detach"
    )
    assert result.code == EXIT_COMPLETED, result.stderr
    assert re.fullmatch(r"in-the-background-\w+ \(#\d+\) is queued\n", result.stdout)
    session = re.findall(r"#(\d+)", result.stdout)[0]
    followed = await pilothouse(stack, "follow", session)
    assert followed.code == EXIT_COMPLETED, followed.stderr
    assert "▶ spec" in followed.stdout
