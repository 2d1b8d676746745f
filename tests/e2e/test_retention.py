"""A session whose older events retention removed: its page says so, with no error."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from services.orchestrator.retention.args import Options
from services.orchestrator.retention.sweep import run
from tests.support.session_journal import age_session, session_event_ids, session_row
from tests.support.stack import Stack
from tests.support.ui import register_project, screenshot
from tests.support.waiting import eventually_blocking

pytestmark = pytest.mark.e2e


def test_an_archived_session_says_so_above_its_log(
    page: Page, stack: Stack, project_dir: Path, tmp_path: Path
) -> None:
    project = register_project(stack, project_dir)
    body = {"project": project["slug"], "prompt": "A short one", "phases": ["spec"]}
    status, accepted = stack.command("/api/sessions", body)
    assert status == 202, accepted
    session_id = accepted["id"]
    eventually_blocking(
        lambda: session_row(stack.database_url, session_id)["status"] == "completed",
        what="the session to complete",
        within=120,
    )
    age_session(stack.database_url, session_id, days=40)
    options = Options(timedelta(days=30), tmp_path, dry_run=False, batch_size=1000)
    totals = run(stack.database_url, options, lambda _: None)
    assert len(session_event_ids(stack.database_url, session_id)) == 1

    page.goto(f"{stack.read_url}/sessions/{session_id}")

    note = page.get_by_test_id("retention-note")
    expect(note).to_contain_text(
        f"{totals.events} older events of this session were removed by retention"
    )
    expect(note).to_contain_text(f"archived to {tmp_path}")
    expect(page.locator(".session-title [data-status]")).to_have_text("completed")
    expect(page.locator(".error-note")).to_have_count(0)
    expect(page.locator("[data-log-row]")).to_have_count(0)
    expect(page.get_by_test_id("log-count")).to_contain_text("older ones removed by retention")
    expect(page.get_by_text("Nothing logged after what retention removed.")).to_be_visible()
    expect(page.locator(".connection-resync")).to_have_count(0)
    screenshot(page, "session-archived")
