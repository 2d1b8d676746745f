"""The New-session form: it starts on the project in view or last used, never just the
alphabetically first (issue 16, papercut 1: a session ran on the wrong project); on the
scripted model it offers the demo's switches and says what the demo does (papercut 2)."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.git_repos import make_repo
from tests.support.stack import Stack
from tests.support.ui import register_project, session_id_from_url, start_session

pytestmark = pytest.mark.e2e


def _open_form(page: Page) -> None:
    page.locator(".topbar").get_by_role("link", name="New session").click()
    expect(page.get_by_role("heading", name="New session")).to_be_visible()


def test_the_form_starts_on_the_project_in_view_or_last_used(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    # Named so that, whatever else is registered, the second sorts after the first.
    first = register_project(stack, project_dir)
    other_dir = make_repo(stack.projects_root / f"zz-other-{secrets.token_hex(3)}")
    second = register_project(stack, other_dir)
    form_project = page.locator("select[name=project]")

    # In view: the sessions list filtered to a project.
    for project in (second, first, second):
        page.goto(f"{stack.read_url}/?project={project['slug']}")
        _open_form(page)
        expect(form_project).to_have_value(project["slug"])

    # In view: a session's page.
    session_id = start_session(stack, first["slug"], "Look around")
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    expect(page.locator(".session-page")).to_be_visible()
    _open_form(page)
    expect(form_project).to_have_value(first["slug"])

    # Last used: the project a session was started on, after a reload too.
    form_project.select_option(second["slug"])
    page.locator("textarea[name=prompt]").fill("Say hello")
    page.locator("textarea[name=prompt]").press("Control+Enter")  # submits, as a click does
    started = session_id_from_url(page)
    assert stack.get(f"/api/sessions/{started}")["project"]["slug"] == second["slug"]
    # On the scripted model the page says plainly that the request was not read, and
    # that its costs are simulated.
    expect(page.get_by_test_id("scripted-notice")).to_contain_text("did not read the request")
    expect(page.get_by_test_id("simulated-cost")).to_contain_text("simulated, not billed")
    page.goto(f"{stack.read_url}/projects")
    _open_form(page)
    expect(form_project).to_have_value(second["slug"])

    # The address still wins.
    page.goto(f"{stack.read_url}/new?project={first['slug']}")
    expect(form_project).to_have_value(first["slug"])


def test_the_scripted_models_switches_are_in_the_form(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    register_project(stack, project_dir)  # the form needs a project to show
    page.goto(f"{stack.read_url}/new")
    switches = page.get_by_test_id("scripted-switches")
    expect(switches).to_contain_text("did not read the request")
    prompt = page.locator("textarea[name=prompt]")
    prompt.fill("Take your time")
    switches.get_by_role("button", name="[scripted:slow]").click()
    expect(prompt).to_have_value("Take your time [scripted:slow]")
    expect(switches.get_by_role("button", name="[scripted:slow]")).to_have_attribute(
        "aria-pressed", "true"
    )
    switches.get_by_role("button", name="[scripted:slow]").click()
    expect(prompt).to_have_value("Take your time")
    expect(switches.get_by_role("button", name="[scripted:fail]")).to_be_visible()
