"""In Chromium, a session whose agents ran unfenced (an orchestrator started with
PILOTHOUSE_UNFENCED=1) is labelled so in the sessions list, its page's header, with what
that means and how to fence, and on its agents; a fenced session shows none of it."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.git_repos import make_repo
from tests.support.stack import UNFENCED, Stack, running_stack
from tests.support.ui import opened_page, register_project

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def unfenced_stack(
    chromium: Path, pg_server: str, template_db: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """Both services on a scratch database of their own, agents run unfenced."""
    workdir = tmp_path_factory.mktemp("e2e-unfenced")
    with running_stack(pg_server, template_db, workdir, overrides=UNFENCED) as running:
        yield running


def _finished_session(page: Page, stack: Stack, prompt: str) -> str:
    """Start a one-phase session on a new project of `stack`, open its page, and wait
    until it has completed; returns its slug."""
    directory = make_repo(stack.projects_root / f"repo-{secrets.token_hex(3)}")
    project = register_project(stack, directory)
    body = {"project": project["slug"], "prompt": prompt, "phases": ["spec"]}
    status, accepted = stack.command("/api/sessions", body)
    assert status == 202, accepted
    page.goto(f"{stack.read_url}/sessions/{accepted['id']}")
    title = page.locator(".session-title")
    expect(title.locator("[data-status=completed]")).to_be_visible(timeout=120_000)
    slug: str = accepted["slug"]
    return slug


def test_an_unfenced_session_is_labelled_and_a_fenced_one_is_not(
    browser: Browser, page: Page, stack: Stack, unfenced_stack: Stack
) -> None:
    with opened_page(browser, unfenced_stack) as unfenced_page:
        slug = _finished_session(unfenced_page, unfenced_stack, "Unfenced run")
        header = unfenced_page.locator(".session-head")
        badge = header.locator(".session-title").get_by_test_id("unfenced-badge")
        expect(badge).to_have_text("unfenced")
        expect(badge).to_have_attribute("title", re.compile("install bubblewrap and socat"))
        notice = header.get_by_test_id("unfenced-notice")
        expect(notice).to_contain_text("ran without the agent fence (PILOTHOUSE_UNFENCED=1)")
        expect(notice).to_contain_text("start the orchestrator without PILOTHOUSE_UNFENCED")
        agent = unfenced_page.get_by_test_id("agents").locator("[data-agent]")
        expect(agent.get_by_test_id("unfenced-badge")).to_have_count(1)

        unfenced_page.goto(f"{unfenced_stack.read_url}/")
        row = unfenced_page.locator(f"tr[data-session='{slug}']")
        expect(row.get_by_test_id("unfenced-badge")).to_have_text("unfenced")

    fenced = _finished_session(page, stack, "Fenced run")
    expect(page.get_by_test_id("agents").locator("[data-agent]")).to_have_count(1)
    expect(page.get_by_test_id("unfenced-badge")).to_have_count(0)
    expect(page.get_by_test_id("unfenced-notice")).to_have_count(0)
    page.goto(f"{stack.read_url}/")
    row = page.locator(f"tr[data-session='{fenced}']")
    expect(row).to_be_visible()
    expect(row.get_by_test_id("unfenced-badge")).to_have_count(0)
