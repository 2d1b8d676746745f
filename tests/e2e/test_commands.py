"""Steering from the UI: cancel stops a run; bad input shows the server's own message."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.session_journal import session_row
from tests.support.stack import TOKEN, Stack
from tests.support.ui import register_project, start_session

pytestmark = pytest.mark.e2e


def test_cancel_from_the_ui_stops_the_run(page: Page, stack: Stack, project_dir: Path) -> None:
    project = register_project(stack, project_dir)
    # [scripted:slow] makes the build phase work for 30 s: something to cancel.
    session_id = start_session(stack, project["slug"], "Take your time [scripted:slow]")
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    expect(page.locator("[data-phase=build]")).to_have_attribute(
        "data-state", "running", timeout=120_000
    )
    # Cancel asks first (as archive does): saying no leaves the run alone.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("button", name="Cancel")).to_be_enabled()
    assert session_row(stack.database_url, session_id)["status"] == "running"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel").click()

    expect(page.locator(".session-title [data-status]")).to_have_text("cancelled", timeout=60_000)
    expect(page.locator("[data-phase=build]")).to_have_attribute("data-state", "cancelled")
    expect(page.locator("[data-phase=docs]")).to_have_attribute("data-state", "pending")
    assert session_row(stack.database_url, session_id)["status"] == "cancelled"
    build = next(
        a for a in stack.get(f"/api/sessions/{session_id}")["agents"] if a["kind"] == "build"
    )
    assert build["status"] == "cancelled"
    expect(page.get_by_role("button", name="Resume")).to_be_enabled()
    # The cancel reads as a cancel: no red result, no "interrupted by user" prompt row.
    expect(page.locator("[data-kind=result]").last).to_contain_text("cancelled")
    expect(page.locator("[data-kind=result].tone-bad")).to_have_count(0)
    expect(page.locator("[data-kind=user]", has_text="Request interrupted")).to_have_count(0)
    # The page was opened with the token and sent a command with it: no service logged it
    # (the read service does log requests: the page's own load is there).
    logs = stack.logs(tail=None)
    assert '"GET / HTTP/1.1" 200' in logs
    assert TOKEN not in logs


def test_a_bad_session_form_shows_the_servers_message(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project(stack, project_dir)
    too_long = "t" * 201
    status, body = stack.command(
        "/api/sessions", {"project": project["slug"], "prompt": "p", "title": too_long}
    )
    assert status == 400

    page.goto(f"{stack.read_url}/new?project={project['slug']}")
    page.locator("input[name=title]").fill(too_long)
    page.locator("textarea[name=prompt]").fill("p")
    page.get_by_role("button", name="Start session").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(body["detail"])
    expect(alert).to_contain_text("title")
    assert "/new" in page.url, "a refused session must not navigate away"


def test_registering_a_path_outside_the_roots_shows_the_servers_message(
    page: Page, stack: Stack
) -> None:
    status, body = stack.command("/api/projects", {"path": "/etc"})
    assert 400 <= status < 500

    page.goto(f"{stack.read_url}/projects")
    page.locator("input[name=path]").fill("/etc")
    page.get_by_role("button", name="Register project").click()
    expect(page.get_by_role("alert")).to_contain_text(body["detail"])


def test_an_unknown_session_says_so_and_offers_the_way_back(page: Page, stack: Stack) -> None:
    page.goto(f"{stack.read_url}/sessions/no-such-session")
    expect(page.get_by_text("No session no-such-session.")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)
    page.get_by_role("link", name="Go to the sessions list").click()
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()


def test_a_wrong_token_in_the_address_is_refused_at_once(page: Page, stack: Stack) -> None:
    # Another path than the one open: a change of the fragment alone would not reload.
    page.goto(f"{stack.read_url}/projects#token=not-the-token")
    prompt = page.get_by_test_id("token-prompt")
    expect(prompt).to_contain_text("The access token was refused.")
    assert page.evaluate("() => localStorage.getItem('pilothouse.token')") is None
    prompt.get_by_label("Access token").fill(TOKEN)
    prompt.get_by_role("button", name="Save token").click()
    expect(prompt).to_be_hidden()
