"""The main path, live: register a project, start a session, watch all four phases."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.session_journal import session_event_ids
from tests.support.stack import Stack
from tests.support.ui import (
    duplicates_dropped,
    register_project_in_ui,
    screenshot,
    session_id_from_url,
    store_event_ids,
)
from tests.support.waiting import eventually_blocking

pytestmark = pytest.mark.e2e

PHASES = ("spec", "plan", "build", "docs")
TOTALS = ("cost_usd", "input_tokens", "output_tokens", "cache_read_tokens", "turns")


def test_register_start_and_watch_all_phases_live(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project_in_ui(page, stack, project_dir)
    screenshot(page, "projects")

    page.get_by_role("link", name="New session").first.click()
    page.locator("select[name=project]").select_option(project["slug"])
    page.locator("textarea[name=prompt]").fill("Add a greeting module")
    page.get_by_role("button", name="Start session").click()
    session_id = session_id_from_url(page)
    # A marker that a reload would erase: everything below must arrive live.
    page.evaluate("() => { window.__noReload = true; }")

    expect(page.get_by_test_id("scripted-badge").first).to_be_visible()
    for phase in PHASES:
        expect(page.locator(f"[data-phase={phase}]")).to_have_attribute(
            "data-state", "completed", timeout=120_000
        )
    # It changed files on its branch: it waits for review.
    expect(page.locator(".session-title [data-status]")).to_have_text("awaiting_review")
    assert page.evaluate("() => window.__noReload") is True

    # The log holds every event of the session, in feed order, none twice.
    in_db = session_event_ids(stack.database_url, session_id)
    eventually_blocking(
        lambda: store_event_ids(page) == in_db, what="the log to hold every event", within=60
    )
    assert duplicates_dropped(page) == 0
    rows = page.locator("[data-log-row]")
    assert rows.last.get_attribute("data-event-id") == str(in_db[-1])
    # Tool calls fold to one line and open to show their input; a Write (the last call,
    # state.json) as the file it adds.
    tool_calls = page.locator("[data-kind=tool_use]")
    read_call = tool_calls.filter(has_text="Read").last
    read_call.locator(".fold").click()
    expect(read_call.locator(".fold-body")).to_contain_text('"file_path"')
    write_call = tool_calls.last
    write_call.locator(".fold").click()
    expect(write_call.locator(".fold-body .d2h-ins .d2h-code-line-ctn")).to_contain_text('"phase"')
    screenshot(page, "session-log")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "session-log-dark")
    page.emulate_media(color_scheme="light")

    # Totals are the API's.
    session = stack.get(f"/api/sessions/{session_id}")["session"]
    assert session["cost_usd"] > 0
    for field in TOTALS:
        shown = page.locator(f"[data-total={field}]").get_attribute("data-value")
        assert shown is not None
        assert float(shown) == pytest.approx(session[field]), field

    # Artifacts show what the scripted agents wrote.
    page.get_by_role("tab", name="Artifacts").click()
    content = page.get_by_test_id("artifact-content")
    expect(content.locator("h1")).to_have_text("Add a greeting module")
    expect(content).to_contain_text("Add a greeting module")
    screenshot(page, "session-artifacts")
    page.locator("[data-artifact='plan.json']").click()
    plan = page.get_by_test_id("plan")
    expect(plan).to_contain_text("Scripted plan: add a greeting module and document it.")
    expect(plan.locator("li")).to_have_count(3)
    expect(plan.locator("li").first).to_contain_text("Create hello_pilothouse.py with greet()")
    page.locator("[data-artifact='state.json']").click()
    state = stack.get(f"/api/sessions/{session_id}/artifacts/state.json")
    table = page.get_by_test_id("json-table")
    for key, value in state.items():
        expect(table.locator("tr", has_text=key)).to_contain_text(
            str(value).lower() if isinstance(value, bool) else str(value)
        )

    # The sessions list shows it live, with the scripted label.
    page.get_by_role("link", name="Sessions").click()
    row = page.locator(f"[data-session='{session['slug']}']")
    expect(row.locator("[data-status]")).to_have_text("awaiting_review")
    expect(row.get_by_test_id("scripted-badge")).to_be_visible()
    screenshot(page, "sessions")
