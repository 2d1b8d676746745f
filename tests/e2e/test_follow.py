"""The log follows its newest event through layout changes, and says when it does not
(issue 16: a debug form opening above the log stopped it following, with no way back)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.long_session import append_events, closing_events, create_long_session
from tests.support.session_journal import session_event_ids
from tests.support.stack import Stack
from tests.support.waiting import eventually_blocking

pytestmark = pytest.mark.e2e

AT_END = "el => el.scrollHeight - el.scrollTop - el.clientHeight <= 40"


def at_end(scroller: Locator) -> bool:
    return bool(scroller.evaluate(AT_END))


IN_BOX = """row => {
    const box = row.closest('[data-testid=log-scroll]').getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return r.bottom > box.top && r.bottom <= box.bottom + 1;
}"""


def newest_in_view(page: Page, stack: Stack, session_id: int) -> None:
    """The journal's newest event is shown at the bottom of the log's box (which may itself
    lie below the window's fold: the page scrolls, the log's box is what follows)."""
    newest = session_event_ids(stack.database_url, session_id)[-1]
    row = page.locator(f"[data-event-id='{newest}']")
    expect(row).to_be_attached()
    eventually_blocking(
        lambda: bool(row.evaluate(IN_BOX)), what="the newest event in the log's box", within=20
    )


def test_the_log_follows_through_layout_changes_and_offers_the_latest(
    page: Page, stack: Stack
) -> None:
    session_id, agent_id = create_long_session(stack.database_url, stack.projects_root, 1_000)
    project_id = stack.get(f"/api/sessions/{session_id}")["session"]["project_id"]
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    scroller = page.get_by_test_id("log-scroll")
    jump = page.get_by_test_id("jump-latest")
    newest_in_view(page, stack, session_id)
    expect(jump).to_be_hidden()

    # A form opening above the log shrinks it: the log stays at its end and follows on.
    box_before = scroller.evaluate("el => el.clientHeight")
    page.get_by_role("button", name="Debug agent…").click()
    expect(page.get_by_label("Debug prompt")).to_be_visible()
    assert scroller.evaluate("el => el.clientHeight") < box_before
    eventually_blocking(lambda: at_end(scroller), what="the log at its end", within=20)
    expect(jump).to_be_hidden()
    append_events(stack.database_url, project_id, session_id, agent_id, closing_events(3))
    newest_in_view(page, stack, session_id)
    expect(jump).to_be_hidden()

    # So does a narrower, shorter window.
    page.set_viewport_size({"width": 1100, "height": 650})
    eventually_blocking(lambda: at_end(scroller), what="the log at its end", within=20)
    append_events(stack.database_url, project_id, session_id, agent_id, closing_events(2))
    newest_in_view(page, stack, session_id)

    # Scrolled away, it stops following and says how to get back, new events or not.
    scroller.evaluate("el => { el.scrollTop = el.scrollHeight / 2; }")
    expect(jump).to_be_visible()
    top = scroller.evaluate("el => el.scrollTop")
    page.get_by_role("button", name="Debug agent…").click()  # the form closes: no yank
    expect(page.get_by_label("Debug prompt")).to_be_hidden()
    assert abs(scroller.evaluate("el => el.scrollTop") - top) <= 1
    expect(jump).to_be_visible()
    jump.click()
    expect(jump).to_be_hidden()
    eventually_blocking(lambda: at_end(scroller), what="the log at its end", within=20)
    append_events(stack.database_url, project_id, session_id, agent_id, closing_events(2))
    newest_in_view(page, stack, session_id)


def test_the_session_tabs_follow_the_arrow_keys(page: Page, stack: Stack) -> None:
    session_id, _ = create_long_session(stack.database_url, stack.projects_root, 50)
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    log_tab = page.get_by_role("tab", name="Log")
    log_tab.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Changes")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab", name="Changes")).to_be_focused()
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name="Artifacts")).to_have_attribute("aria-selected", "true")
    assert "tab=artifacts" in page.url
    page.keyboard.press("ArrowRight")  # wraps round to the first
    expect(log_tab).to_have_attribute("aria-selected", "true")
    expect(log_tab).to_be_focused()
