"""What the browser tests do through the UI and read back from it."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from tests.support.stack import TOKEN, Stack

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
_SCRATCH_SHOTS = Path(tempfile.gettempdir()) / "pilothouse-screenshots"

RECORD_NOTIFICATIONS = """
window.__notes = [];
window.Notification = class {
  static permission = "granted";
  static requestPermission() { return Promise.resolve("granted"); }
  constructor(title, options) { window.__notes.push({ title, ...options }); }
};
"""
"""An init script: desktop notifications allowed, each one recorded in `window.__notes`."""


@contextlib.contextmanager
def opened_page(browser: Browser, stack: Stack) -> Iterator[Page]:
    """A page of `stack`'s UI in a fresh browser context holding the access token, as after
    opening `make dev`'s address; no uncaught error in it by the end of the block."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        opened = context.new_page()
        opened.set_default_timeout(30_000)
        errors: list[str] = []
        opened.on("pageerror", lambda error: errors.append(str(error)))
        # Jupyter style: the address carries the token; the UI keeps it and strips it.
        opened.goto(f"{stack.read_url}/#token={TOKEN}")
        opened.wait_for_function("() => localStorage.getItem('pilothouse.token') !== null")
        assert "token=" not in opened.url
        yield opened
    finally:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def register_project_in_ui(page: Page, stack: Stack, directory: Path) -> dict[str, Any]:
    """Register `directory` with the directory browser; returns the project as the API has it."""
    page.get_by_role("link", name="Projects").click()
    browser = page.get_by_test_id("directory-browser")
    browser.get_by_role("button", name=str(stack.projects_root)).click()
    browser.locator("li", has_text=directory.name).get_by_role("button", name="choose").click()
    expect(page.locator("input[name=path]")).to_have_value(str(directory))
    page.get_by_role("button", name="Register project").click()
    table = page.get_by_test_id("projects-table")
    expect(table.get_by_text(str(directory))).to_be_visible()
    return next(p for p in stack.get("/api/projects")["items"] if p["path"] == str(directory))


def register_project(stack: Stack, directory: Path) -> dict[str, Any]:
    """Register through the API, for tests about something else."""
    status, body = stack.command("/api/projects", {"path": str(directory)})
    assert status == 201, body
    project: dict[str, Any] = body
    return project


def start_session(stack: Stack, project: str, prompt: str) -> int:
    status, body = stack.command("/api/sessions", {"project": project, "prompt": prompt})
    assert status == 202, body
    session_id: int = body["id"]
    return session_id


def session_id_from_url(page: Page) -> int:
    page.wait_for_url(re.compile(r"/sessions/\d+"))
    match = re.search(r"/sessions/(\d+)", page.url)
    assert match
    return int(match.group(1))


def store_event_ids(page: Page) -> list[int]:
    """The event ids the open session page holds, in the order it shows them."""
    ids: list[int] = page.evaluate("() => window.__pilothouse.sessionEventIds()")
    return ids


def duplicates_dropped(page: Page) -> int:
    count: int = page.evaluate("() => window.__pilothouse.duplicatesDropped")
    return count


def screenshot(page: Page, name: str) -> None:
    """Take a screenshot; into docs/screenshots/ when PILOTHOUSE_SCREENSHOTS is set
    (`make screenshots`), else into a scratch directory, so a test run leaves the tree clean."""
    target = SCREENSHOTS if os.environ.get("PILOTHOUSE_SCREENSHOTS") else _SCRATCH_SHOTS
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"))
