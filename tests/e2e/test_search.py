"""Search in Chromium: a result opens its session's log at the event, highlighted; the
in-log search finds a match far above the rendered window; filters live in the URL."""

from __future__ import annotations

import re
import secrets

import msgspec
import pytest
from playwright.sync_api import Page, expect

from shared.contract.enums import EventKind
from shared.contract.payloads import TextPayload
from tests.support.long_session import append_events, create_long_session
from tests.support.session_journal import session_event_ids
from tests.support.stack import Stack
from tests.support.waiting import eventually_blocking

pytestmark = pytest.mark.e2e

ABOVE = 10_000
"""Events logged after the match: far more than one page (500) or the rendered rows."""


def _fillers(n: int) -> list[tuple[EventKind, msgspec.Struct]]:
    return [(EventKind.TEXT, TextPayload(text=f"filler line {i}")) for i in range(n)]


def _session_with_a_needle(stack: Stack, after: int) -> tuple[int, str, int]:
    """A long session with one line holding a word found nowhere else, `after` events
    before its end; (session id, the word, the needle's event id)."""
    word = "needle" + "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))
    session_id, agent_id = create_long_session(stack.database_url, stack.projects_root, 300)
    project_id = stack.get(f"/api/sessions/{session_id}")["session"]["project_id"]
    line = (EventKind.TEXT, TextPayload(text=f"Found the {word} in the haystack"))
    append_events(stack.database_url, project_id, session_id, agent_id, [line])
    needle_id = session_event_ids(stack.database_url, session_id)[-1]
    for start in range(0, after, 500):
        rows = _fillers(min(500, after - start))
        append_events(stack.database_url, project_id, session_id, agent_id, rows)
    return session_id, word, needle_id


def _anchored(page: Page, needle_id: int, word: str) -> None:
    row = page.locator("[data-anchored='true']")
    expect(row).to_have_count(1, timeout=30_000)
    expect(row.locator(f"[data-event-id='{needle_id}']")).to_be_in_viewport()
    expect(row).to_contain_text(word)


def test_a_search_result_opens_the_log_at_its_event(page: Page, stack: Stack) -> None:
    session_id, word, needle_id = _session_with_a_needle(stack, 2_000)
    page.goto(f"{stack.read_url}/search")
    page.get_by_role("searchbox", name="Search the logs").fill(word)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(rf"/search\?q={word}"))
    hits = page.get_by_test_id("search-hit")
    expect(hits).to_have_count(1)
    expect(hits.locator("mark")).to_have_text(word)

    hits.click()
    expect(page).to_have_url(re.compile(rf"/sessions/long-[0-9a-f]+\?event=\d+&q={word}"))
    _anchored(page, needle_id, word)
    # The window around the event is loaded, not the tail: it holds the neighbours.
    held: list[int] = page.evaluate("() => window.__pilothouse.sessionEventIds()")
    ids = session_event_ids(stack.database_url, session_id)
    at = ids.index(needle_id)
    assert ids[at - 5 : at + 6] == held[held.index(needle_id) - 5 : held.index(needle_id) + 6]
    assert ids[-1] not in held


def test_in_log_search_finds_a_match_far_above_the_rendered_window(
    page: Page, stack: Stack
) -> None:
    session_id, word, needle_id = _session_with_a_needle(stack, ABOVE)
    ids = session_event_ids(stack.database_url, session_id)
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    expect(page.locator(f"[data-event-id='{ids[-1]}']")).to_be_in_viewport(timeout=30_000)
    held: list[int] = page.evaluate("() => window.__pilothouse.sessionEventIds()")
    assert needle_id not in held, "the match must lie outside what the page holds"

    search = page.get_by_role("searchbox", name="Find in this session's log")
    search.fill(word)
    search.press("Enter")
    _anchored(page, needle_id, word)
    expect(page).to_have_url(re.compile(rf"event=\d+&q={word}"))
    page.get_by_role("button", name="Next match").click()
    expect(page.get_by_test_id("log-search-note")).to_have_text("no match below")

    # Back to the live end: the newest event, and live again.
    page.get_by_test_id("jump-latest").click()
    eventually_blocking(
        lambda: page.locator(f"[data-event-id='{ids[-1]}']").count() == 1,
        what="the newest event after jumping back",
        within=30,
    )


def test_log_filters_are_in_the_url_and_keep_only_what_they_name(page: Page, stack: Stack) -> None:
    session_id, _, _ = _session_with_a_needle(stack, 10)
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    page.get_by_role("button", name="Errors only").click()
    expect(page).to_have_url(re.compile(r"errors=true"))
    rows = page.locator("[data-log-row]")
    expect(rows.first).to_be_visible()
    kinds = set(rows.evaluate_all("rows => rows.map(row => row.dataset.kind)"))
    assert kinds, "no row shown"
    assert kinds <= {"error", "stderr"}, kinds

    page.get_by_role("button", name="Errors only").click()
    page.get_by_label("Tool").select_option("Write")
    expect(page).to_have_url(re.compile(r"tool=Write"))
    page.reload()
    expect(rows.first).to_be_visible()
    kinds = set(rows.evaluate_all("rows => rows.map(row => row.dataset.kind)"))
    assert kinds == {"tool_use", "tool_result"}, kinds
    texts = rows.evaluate_all("rows => rows.map(row => row.textContent)")
    assert all("Bash" not in text for text in texts)
