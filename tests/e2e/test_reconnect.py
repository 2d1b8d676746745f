"""A read-service crash mid-run: the page reconnects and resumes without losing a line."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.session_journal import session_event_ids
from tests.support.stack import Stack
from tests.support.ui import (
    duplicates_dropped,
    register_project,
    start_session,
    store_event_ids,
)
from tests.support.waiting import eventually_blocking

pytestmark = pytest.mark.e2e


def test_read_service_restart_loses_no_event(page: Page, stack: Stack, project_dir: Path) -> None:
    project = register_project(stack, project_dir)
    session_id = start_session(stack, project["slug"], "Survive a read-service crash")
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    indicator = page.get_by_test_id("connection")
    expect(indicator).to_have_attribute("data-state", "live")
    eventually_blocking(
        lambda: len(store_event_ids(page)) >= 3, what="the first events to arrive live", within=60
    )

    stack.kill_read()
    try:
        expect(indicator).to_have_attribute("data-state", "reconnecting")
        held = len(store_event_ids(page))
        # The run goes on without the read service: events the page has not seen pile up.
        eventually_blocking(
            lambda: len(session_event_ids(stack.database_url, session_id)) > held + 5,
            what="events written while the read service is down",
            within=60,
        )
    finally:
        stack.start_read()
    expect(indicator).to_have_attribute("data-state", "live", timeout=30_000)

    expect(page.locator(".session-title [data-status]")).to_have_text(
        "awaiting_review", timeout=120_000
    )
    in_db = session_event_ids(stack.database_url, session_id)
    eventually_blocking(
        lambda: store_event_ids(page) == in_db,
        what="the log to hold every event, in order",
        within=60,
    )
    assert duplicates_dropped(page) == 0
    shown = page.locator("[data-log-row]").evaluate_all(
        "rows => rows.map(row => Number(row.dataset.eventId))"
    )
    assert len(shown) == len(set(shown)), "a row is shown twice"
    assert shown[-1] == in_db[-1], "the log does not end with the last event"
    assert page.evaluate("() => window.__pilothouse.feed.reconnects") >= 1
