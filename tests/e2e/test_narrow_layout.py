"""A phone-wide window (390 px): no page scrolls sideways, and a session's log fills the
height (issue 16, papercut 6: the page was 463 px wide, the log a 150 px box)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.stack import Stack
from tests.support.ui import register_project, screenshot, start_session

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 390, 844
WIDEST = """() => Math.max(
    document.documentElement.scrollWidth,
    document.body.scrollWidth,
    ...[...document.querySelectorAll('.page')].map(el => el.scrollWidth),
)"""


def widest(page: Page) -> int:
    width: int = page.evaluate(WIDEST)
    return width


def test_no_page_scrolls_sideways_at_390_px_and_the_log_fills_the_height(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project(stack, project_dir)
    session_id = start_session(stack, project["slug"], "A long enough request to wrap " * 4)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    for path, ready in (
        ("/", page.locator(f"a[href='/sessions/{session_id}']")),
        ("/projects", page.get_by_test_id("projects-table")),
        ("/new", page.locator("textarea[name=prompt]")),
        (f"/sessions/{session_id}", page.locator("[data-log-row]").first),
    ):
        page.goto(f"{stack.read_url}{path}")
        expect(ready).to_be_visible()
        # What the issue found cut off: New session and the live indicator.
        expect(page.locator(".topbar").get_by_role("link", name="New session")).to_be_in_viewport()
        expect(page.locator(".connection")).to_be_in_viewport()
        assert widest(page) <= WIDTH, f"{path} is {widest(page)} px wide"

    expect(page.locator(".session-title [data-status]")).to_have_text(
        "awaiting_review", timeout=120_000
    )
    assert widest(page) <= WIDTH
    screenshot(page, "session-narrow")

    # The Changes tab too: the file list above the diff, each side by side table scrolling
    # in its own box.
    page.get_by_role("tab", name="Changes").click()
    page.locator("[data-file='hello_pilothouse.py']").click()
    page.get_by_role("button", name="Side by side").click()
    expect(page.locator(".d2h-file-side-diff")).to_have_count(2)
    assert widest(page) <= WIDTH, f"the Changes tab is {widest(page)} px wide"
    page.get_by_role("tab", name="Log").click()
    # The log takes the window's height once scrolled to, not a box under the header.
    log = page.get_by_test_id("log-scroll")
    log.scroll_into_view_if_needed()
    height: int = log.evaluate("el => el.clientHeight")
    assert height >= HEIGHT * 0.6, f"the log is {height} px high"
