"""`pilothouse export`: JSON Lines equal to the session's `events` rows, and Markdown."""

from __future__ import annotations

import os
import re
from pathlib import Path

import msgspec
import pytest

from services.cli.outcome import EXIT_COMPLETED
from shared.contract.events import EventView
from tests.support.cli_client import pilothouse
from tests.support.db_reads import rows
from tests.support.stack import Stack

pytestmark = pytest.mark.agents


@pytest.fixture(scope="module")
async def session_id(stack: Stack) -> str:
    """A four-phase session (awaiting review), plus a debug agent afterwards."""
    result = await pilothouse(stack, "run", "demo", "Export me", "--detach")
    assert result.code == EXIT_COMPLETED, result.stderr
    found = re.search(r"#(\d+)", result.stdout)
    assert found
    assert (await pilothouse(stack, "follow", found.group(1))).code == EXIT_COMPLETED
    assert (await pilothouse(stack, "debug", found.group(1), "Check it")).code == EXIT_COMPLETED
    return found.group(1)


async def test_jsonl_matches_the_events_rows(stack: Stack, session_id: str) -> None:
    result = await pilothouse(stack, "export", session_id)
    assert result.code == EXIT_COMPLETED, result.stderr

    exported = [msgspec.json.decode(line, type=EventView) for line in result.stdout.splitlines()]
    stored = await rows(
        stack.database_url,
        "SELECT id, position, project_id, session_id, agent_id, kind, payload,"
        " created_at FROM events WHERE session_id = %s ORDER BY position",
        (int(session_id),),
    )
    assert len(stored) > 80
    assert [
        {name: getattr(event, name) for name in stored[0]}
        | {"kind": event.kind.value, "payload": msgspec.to_builtins(event.payload)}
        for event in exported
    ] == stored
    assert [event.token for event in exported] == [str(row["position"]) for row in stored]


async def test_markdown_has_every_phase_and_tool_call(
    stack: Stack, session_id: str, tmp_path: Path
) -> None:
    target = tmp_path / "transcript.md"
    result = await pilothouse(
        stack, "export", session_id, "--format", "markdown", "-o", str(target)
    )
    assert result.code == EXIT_COMPLETED, result.stderr
    assert result.stdout == ""
    text = target.read_text()

    assert text.startswith("# Export me\n")
    phases = re.findall(r"^## (\w+) — agent \d+$", text, flags=re.MULTILINE)
    assert phases == ["spec", "plan", "build", "docs", "debug"]
    stored = await rows(
        stack.database_url,
        "SELECT payload FROM events WHERE session_id = %s AND kind = 'tool_use' ORDER BY position",
        (int(session_id),),
    )
    calls = re.findall(r"^\*\*(\w+)\*\* `", text, flags=re.MULTILINE)
    assert calls == [row["payload"]["name"] for row in stored]
    # File contents are shown as written, not as escaped JSON strings.
    assert 'def greet(name: str = "world") -> str:' in text
    assert text.rstrip().endswith("*Session awaiting_review.*")
    assert os.listdir(tmp_path) == ["transcript.md"]
