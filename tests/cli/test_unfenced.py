"""An unfenced orchestrator's sessions say so in the terminal: `pilothouse run`'s header,
`sessions` and `export`, each with what it means and how to fence (the fenced side is
asserted in test_listing.py and test_run.py)."""

from __future__ import annotations

import pytest

from services.cli.outcome import EXIT_COMPLETED
from services.cli.unfenced import HOW_TO_FENCE, MEANING
from tests.support.cli_client import pilothouse
from tests.support.stack import UNFENCED, Stack

pytestmark = pytest.mark.agents


@pytest.fixture(scope="module")
def stack_settings() -> dict[str, str]:
    return UNFENCED


async def test_an_unfenced_session_is_labelled_wherever_it_is_shown(stack: Stack) -> None:
    run = await pilothouse(stack, "run", "demo", "Unfenced spec", "--phases", "spec")
    assert run.code == EXIT_COMPLETED, run.stderr
    # Said once, as soon as the first agent starts (the session is marked then).
    lines = run.stdout.splitlines()
    said = lines.index(f"UNFENCED: {MEANING}")
    assert lines[said + 1] == f"  {HOW_TO_FENCE}"
    assert said < lines.index("✓ spec completed")
    assert lines.count(f"UNFENCED: {MEANING}") == 1

    listed = await pilothouse(stack, "sessions")
    assert listed.code == EXIT_COMPLETED, listed.stderr
    rows = listed.stdout.splitlines()
    assert rows[1].split()[1].startswith("unfenced-spec-")
    assert "completed (unfenced)" in rows[1]
    assert rows[2:] == [f"unfenced: {MEANING};", f"  {HOW_TO_FENCE}"]

    followed = await pilothouse(stack, "follow", rows[1].split()[1])
    assert followed.code == EXIT_COMPLETED, followed.stderr
    # A finished session's header says it, before its log.
    assert followed.stdout.splitlines()[2:4] == [f"UNFENCED: {MEANING}", f"  {HOW_TO_FENCE}"]

    found = await pilothouse(stack, "search", "greet")
    assert found.code == EXIT_COMPLETED, found.stderr
    heads = [line for line in found.stdout.splitlines() if line.startswith("unfenced-spec-")]
    assert heads
    assert all(" · demo · unfenced — Unfenced spec" in head for head in heads)

    exported = await pilothouse(stack, "export", rows[1].split()[1], "--format", "markdown")
    assert exported.code == EXIT_COMPLETED, exported.stderr
    assert f"| fence | unfenced: {MEANING} |" in exported.stdout.splitlines()
