"""`pilothouse search` against the real services: hits of a finished session's log."""

from __future__ import annotations

import msgspec
import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_ERROR
from shared.contract.enums import AgentKind, EventKind
from shared.contract.search import SearchPage
from tests.support.cli_client import pilothouse
from tests.support.stack import Stack

pytestmark = pytest.mark.agents


async def test_search_finds_a_word_of_a_sessions_log(stack: Stack) -> None:
    ran = await pilothouse(stack, "run", "demo", "Teach the zebracorn to count", "--phases", "spec")
    assert ran.code == EXIT_COMPLETED, ran.stderr

    found = await pilothouse(stack, "search", "zebracorns", "--project", "demo")
    assert found.code == EXIT_COMPLETED, found.stderr
    lines = found.stdout.splitlines()
    assert " · spec · demo — " in lines[0]
    assert any("[zebracorn]" in line for line in lines), found.stdout
    assert lines[-1].endswith("match") or lines[-1].endswith("matches")

    as_json = await pilothouse(stack, "search", "zebracorn", "--json", "--kind", "user")
    page = msgspec.json.decode(as_json.stdout, type=SearchPage)
    assert [group.phase for group in page.groups] == [AgentKind.SPEC]
    hit = page.groups[0].hits[0]
    assert hit.kind is EventKind.USER
    assert page.groups[0].session_slug.startswith("teach-the-zebracorn")

    session = page.groups[0].session_slug
    within = await pilothouse(stack, "search", "zebracorn", "--session", session)
    assert within.code == EXIT_COMPLETED, within.stderr
    assert session in within.stdout

    nothing = await pilothouse(stack, "search", "unicornzebra")
    assert (nothing.code, nothing.stdout) == (EXIT_COMPLETED, "no matches for 'unicornzebra'\n")


async def test_search_explains_a_refusal(stack: Stack) -> None:
    stop_words = await pilothouse(stack, "search", "the")
    assert stop_words.code == EXIT_ERROR
    assert "no words to search for" in stop_words.stderr
    unknown = await pilothouse(stack, "search", "zebracorn", "--project", "nope")
    assert unknown.code == EXIT_ERROR
    assert "unknown project 'nope'" in unknown.stderr
