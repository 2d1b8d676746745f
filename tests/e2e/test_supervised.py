"""Supervised mode in Chromium, with the real services, SDK and CLI and the scripted model:
an agent's Bash call waits as a request that appears live (sessions list badge and filter,
the session page's panel, a desktop notification, the tab's title); the user's deny
reaches the agent, which goes on; allow-for-session lets the same command run later
unasked; the agent's question is answered in the page; a read-service restart while a
request waits loses nothing; an orchestrator SIGKILL leaves it interrupted, and resuming
asks again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from services.scripted_model.supervised import PROBE_COMMAND, QUESTION
from tests.support.held_feed import HeldFeed
from tests.support.stack import Stack
from tests.support.ui import (
    RECORD_NOTIFICATIONS,
    register_project,
    screenshot,
    session_id_from_url,
)

pytestmark = pytest.mark.e2e

PROBE = "Probe [scripted:supervised]"
ASK = "Ask me [scripted:ask]"
ENDED = 120_000
"""Milliseconds for an agent run on a loaded machine (the real CLI starts per agent)."""


def _start(stack: Stack, project: str, prompt: str) -> dict[str, Any]:
    body = {"project": project, "prompt": prompt, "phases": ["build"], "supervision": "supervised"}
    status, started = stack.command("/api/sessions", body)
    assert status == 202, started
    answer: dict[str, Any] = started
    return answer


def _open(page: Page, stack: Stack, project_dir: Path, prompt: str) -> tuple[int, Locator]:
    """Start a supervised session, open its page, wait for its first request to show."""
    project = register_project(stack, project_dir)
    session_id: int = _start(stack, project["slug"], prompt)["id"]
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    return session_id, _request(page)


def _request(page: Page) -> Locator:
    """The one request the session page's panel shows."""
    card = page.get_by_test_id("request-panel").get_by_test_id("permission-request")
    expect(card).to_have_count(1, timeout=ENDED)
    return card


def _status(page: Page) -> Locator:
    return page.locator(".session-title [data-status]")


def _events(stack: Stack, session_id: int) -> list[dict[str, Any]]:
    """The session's journal, oldest first, as the read service serves it (one page)."""
    page = stack.get(f"/api/sessions/{session_id}/events?limit=1000")
    assert page["next"] is None, "more events than one page"
    items: list[dict[str, Any]] = page["items"]
    return items


def _request_rows(page: Page, stack: Stack, session_id: int) -> Locator:
    """The session's log narrowed to its permission requests, as the user can filter it."""
    page.goto(f"{stack.read_url}/sessions/{session_id}?kind=permission_changed")
    return page.locator("[data-log-row][data-kind=permission_changed]")


def test_deny_reaches_the_agent_which_asks_again_live_with_a_notification(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    page.add_init_script(RECORD_NOTIFICATIONS)
    project = register_project(stack, project_dir)
    page.goto(f"{stack.read_url}/?needs_you=true")
    expect(page.get_by_test_id("needs-you-filter")).to_have_attribute("aria-pressed", "true")
    # The tab watches every session from here on (what is pending now would not ring).
    expect(page.locator(".topbar")).to_have_attribute("data-attention", "watching")

    started = _start(stack, project["slug"], PROBE)
    # The list, filtered to what needs the user, shows the session as it comes to.
    row = page.locator(f"[data-session='{started['slug']}']")
    badge = row.get_by_test_id("needs-you-badge")
    expect(badge).to_have_text("needs you", timeout=ENDED)
    page.wait_for_function("() => window.__notes.length === 1")
    notes = page.evaluate("() => window.__notes")
    assert (notes[0]["title"], notes[0]["body"]) == (
        f"Pilothouse: {PROBE}",
        f"Session {started['slug']} needs an answer.",
    )
    expect(page).to_have_title("(1) Sessions · Pilothouse")
    expect(page.locator("link[rel~=icon]")).to_have_attribute("data-marked", "true")

    badge.click()
    card = _request(page)
    expect(card.get_by_role("heading")).to_contain_text("wants to use Bash")
    expect(card.locator("pre.request-command code")).to_have_text(PROBE_COMMAND)
    expect(card.get_by_test_id("request-reason")).to_have_text("Why: Write the probe file")
    expect(card.get_by_test_id("request-deadline")).to_contain_text("denied automatically in")
    first = card.get_attribute("data-request-id")
    screenshot(page, "session-request")

    # Keyboard only: a message, then Deny.
    card.get_by_role("textbox").fill("Not that way")
    card.get_by_role("button", name="Deny").focus()
    page.keyboard.press("Enter")

    # The agent got the message, went on, and asks again: a new request, a new notification.
    expect(page.locator(_other_than(first))).to_have_count(1, timeout=ENDED)
    card = _request(page)
    page.wait_for_function("() => window.__notes.length === 2")
    card.get_by_role("button", name="Allow once").click()
    expect(page.get_by_test_id("request-panel")).to_have_count(0, timeout=ENDED)
    expect(_status(page)).to_have_text("awaiting_review", timeout=ENDED)

    events = _events(stack, started["id"])
    told = [
        e["payload"]["content"]
        for e in events
        if e["kind"] == "tool_result" and e["payload"]["is_error"]
    ]
    assert any("Not that way" in content for content in told), told
    changes = [e["payload"]["status"] for e in events if e["kind"] == "permission_changed"]
    assert changes == ["pending", "denied", "pending", "allowed"]
    # The log reads them: the deny with the user's message.
    rows = _request_rows(page, stack, started["id"])
    expect(rows).to_have_count(4)
    expect(rows.nth(1)).to_contain_text("denied: “Not that way”")


def test_allow_for_the_session_runs_the_same_command_later_unasked(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    # Started from the form: Supervised ticked over the project's default (autonomous).
    project = register_project(stack, project_dir)
    page.goto(f"{stack.read_url}/new?project={project['slug']}")
    form = page.get_by_role("form", name="New session")
    form.locator("textarea[name=prompt]").fill(PROBE)
    for phase in ("spec", "plan", "docs"):
        form.get_by_role("checkbox", name=phase, exact=True).uncheck()
    supervised = form.get_by_role("checkbox", name="Supervised")
    expect(supervised).not_to_be_checked()
    supervised.check()
    form.get_by_role("button", name="Start session").click()
    session_id = session_id_from_url(page)
    expect(page.get_by_test_id("supervised-badge")).to_be_visible()
    _request(page).get_by_role("button", name="Allow for this session").click()
    expect(_status(page)).to_have_text("awaiting_review", timeout=ENDED)
    expect(page.get_by_test_id("request-panel")).to_have_count(0)

    events = _events(stack, session_id)
    bash = [e for e in events if e["kind"] == "tool_use" and e["payload"]["name"] == "Bash"]
    assert [e["payload"]["input"]["command"] for e in bash] == [PROBE_COMMAND, PROBE_COMMAND]
    asked = [e["payload"] for e in events if e["kind"] == "permission_changed"]
    assert [(r["status"], r["decision"]) for r in asked] == [
        ("pending", None),
        ("allowed", "allow_session"),
    ]


def test_the_agents_question_is_answered_in_the_page(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    # The project supervised by default, from its row in the projects list.
    project = register_project(stack, project_dir)
    page.goto(f"{stack.read_url}/projects")
    switch = page.get_by_role("checkbox", name=f"{project['name']}: supervised by default")
    switch.click()
    expect(switch).to_be_checked()  # once the project's change comes back on the feed
    status, started = stack.command(
        "/api/sessions", {"project": project["slug"], "prompt": ASK, "phases": ["build"]}
    )
    assert status == 202, started
    page.goto(f"{stack.read_url}/sessions/{started['id']}")
    card = _request(page)
    expect(card).to_have_attribute("data-kind", "question")
    expect(card.get_by_role("group", name="Greeting")).to_contain_text(QUESTION)
    answer = card.get_by_role("button", name="Answer")
    expect(answer).to_be_disabled()
    card.get_by_role("radio", name="Ahoy").check()
    answer.click()
    # Bash (writing the answer down) asks next; allowing it lets the agent finish.
    expect(page.locator("[data-testid=permission-request][data-kind=tool]")).to_have_count(
        1, timeout=ENDED
    )
    card = _request(page)
    expect(card.locator("pre.request-command code")).to_contain_text("Ahoy")
    card.get_by_role("button", name="Allow once").click()
    expect(_status(page)).to_have_text("awaiting_review", timeout=ENDED)


def test_an_answer_given_elsewhere_first_is_refused_in_plain_words(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    feed = HeldFeed(page)
    session_id, card = _open(page, stack, project_dir, PROBE)
    request_id = card.get_attribute("data-request-id")
    # Answered from the terminal while this tab has not heard of it yet.
    feed.hold()
    status, answered = stack.command(
        f"/api/sessions/{session_id}/requests/{request_id}/answer",
        {"decision": "allow_session"},
    )
    assert status == 200, answered
    card.get_by_role("button", name="Allow once").click()
    expect(card.get_by_test_id("request-error")).to_contain_text(
        f"Could not answer: request {request_id} of session"
    )
    expect(card.get_by_test_id("request-error")).to_contain_text("no longer waiting")
    # Once the tab hears of the answer, the request leaves the panel; the agent goes on.
    feed.release()
    expect(page.get_by_test_id("request-panel")).to_have_count(0, timeout=ENDED)
    expect(_status(page)).to_have_text("awaiting_review", timeout=ENDED)


def test_a_read_service_restart_while_a_request_waits_loses_nothing(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    _, card = _open(page, stack, project_dir, PROBE)
    waiting = card.get_attribute("data-request-id")
    indicator = page.get_by_test_id("connection")

    stack.kill_read()
    try:
        expect(indicator).to_have_attribute("data-state", "reconnecting")
    finally:
        stack.start_read()
    expect(indicator).to_have_attribute("data-state", "live", timeout=30_000)
    expect(_request(page)).to_have_attribute("data-request-id", waiting or "")
    # A page opened afresh finds it too, from the read service's snapshot.
    page.reload()
    card = _request(page)
    expect(card).to_have_attribute("data-request-id", waiting or "")
    card.get_by_role("button", name="Allow for this session").click()
    expect(_status(page)).to_have_text("awaiting_review", timeout=ENDED)


def test_an_orchestrator_killed_while_a_request_waits_leaves_it_interrupted_and_resume_asks_again(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    session_id, card = _open(page, stack, project_dir, PROBE)
    first = card.get_attribute("data-request-id")

    stack.kill_orchestrator()
    stack.start_orchestrator()  # its recovery interrupts the session and the request
    expect(_status(page)).to_have_text("interrupted", timeout=ENDED)
    expect(page.get_by_test_id("request-panel")).to_have_count(0)
    rows = _request_rows(page, stack, session_id)
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("resuming asks again")

    page.get_by_test_id("session-actions").get_by_role("button", name="Resume").click()
    expect(page.locator(_other_than(first))).to_have_count(1, timeout=ENDED)
    card = _request(page)
    expect(card.locator("pre.request-command code")).to_have_text(PROBE_COMMAND)
    card.get_by_role("button", name="Allow for this session").click()
    expect(_status(page)).to_have_text("awaiting_review", timeout=ENDED)
    statuses = [r["status"] for r in _permission_views(stack, session_id)]
    assert statuses[:3] == ["pending", "interrupted", "pending"], statuses


def _other_than(request_id: str | None) -> str:
    """A request card other than the one with this id."""
    return f"[data-testid=permission-request]:not([data-request-id='{request_id}'])"


def _permission_views(stack: Stack, session_id: int) -> list[dict[str, Any]]:
    return [e["payload"] for e in _events(stack, session_id) if e["kind"] == "permission_changed"]
