"""A session with 100,000 events opens at once and scrolls with a bounded DOM."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.long_session import append_events, closing_events, create_long_session
from tests.support.session_journal import session_event_ids
from tests.support.stack import Stack
from tests.support.ui import duplicates_dropped, store_event_ids
from tests.support.waiting import eventually_blocking

pytestmark = pytest.mark.e2e

EVENTS = 100_000
MAX_ROWS_IN_DOM = 80
"""A viewport of rows plus overscan; far below one page of events (500)."""


def rendered_ids(page: Page) -> list[int]:
    ids: list[int] = page.locator("[data-log-row]").evaluate_all(
        "rows => rows.map(row => Number(row.dataset.eventId))"
    )
    return ids


def loaded(page: Page) -> int:
    count: int = page.evaluate("() => window.__pilothouse.sessionEventIds().length")
    return count


def test_a_hundred_thousand_events_scroll_with_a_bounded_dom(page: Page, stack: Stack) -> None:
    session_id, agent_id = create_long_session(stack.database_url, stack.projects_root, EVENTS)
    in_db = session_event_ids(stack.database_url, session_id)
    assert len(in_db) == EVENTS

    page.goto(f"{stack.read_url}/sessions/{session_id}")
    expect(page.get_by_test_id("log-count")).to_contain_text("500 events loaded")
    eventually_blocking(
        lambda: bool(rendered_ids(page)) and rendered_ids(page)[-1] == in_db[-1],
        what="the tail",
        within=60,
    )
    assert len(rendered_ids(page)) <= MAX_ROWS_IN_DOM

    # Scrolling up loads older pages and keeps the DOM bounded.
    scroller = page.get_by_test_id("log-scroll")
    for pages in range(2, 6):
        first_shown = rendered_ids(page)[0]
        scroller.evaluate("el => { el.scrollTop = 0; }")
        eventually_blocking(
            lambda: loaded(page) >= pages * 500,  # noqa: B023
            what=f"page {pages} of older events",
            within=60,
        )
        eventually_blocking(
            lambda: rendered_ids(page)[0] < first_shown,  # noqa: B023
            what="older rows in view",
            within=60,
        )
        assert len(rendered_ids(page)) <= MAX_ROWS_IN_DOM
    held = store_event_ids(page)
    assert held == in_db[-len(held) :], "the loaded slice is not the journal's tail, in order"

    # Scrolled away from the end, new events do not yank the view; a button offers them.
    top_before = scroller.evaluate("el => el.scrollTop")
    project_id = stack.get(f"/api/sessions/{session_id}")["session"]["project_id"]
    append_events(stack.database_url, project_id, session_id, agent_id, closing_events(3))
    jump = page.get_by_test_id("jump-latest")
    expect(jump).to_contain_text("3 new")
    assert scroller.evaluate("el => el.scrollTop") == top_before
    jump.click()
    final = session_event_ids(stack.database_url, session_id)
    eventually_blocking(
        lambda: rendered_ids(page)[-1] == final[-1],
        what="the view to reach the newest event",
        within=60,
    )
    expect(page.locator(f"[data-event-id='{final[-1]}']")).to_be_in_viewport()
    assert duplicates_dropped(page) == 0

    # One agent's log pages from its own endpoint and is just as bounded.
    page.locator(f"[data-agent='{agent_id}']").click()
    # A page of the agent's own, joined to the session log's newest event(s).
    expect(page.get_by_test_id("log-count")).to_contain_text(re.compile(r"^50\d events loaded"))
    eventually_blocking(
        lambda: rendered_ids(page)[-1] == final[-1], what="the agent log's tail", within=60
    )
    assert len(rendered_ids(page)) <= MAX_ROWS_IN_DOM
