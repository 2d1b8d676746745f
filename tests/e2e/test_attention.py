"""Every open tab is told when a session needs the user: a session that awaits review or
fails marks the tab's title and the top bar, and raises a desktop notification once
allowed; looking clears the mark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.support.stack import TOKEN, Stack
from tests.support.ui import RECORD_NOTIFICATIONS

pytestmark = pytest.mark.e2e


def _start(stack: Stack, project_dir: Path, prompt: str) -> dict[str, Any]:
    with httpx.Client(
        base_url=stack.orchestrator_url, headers={"Authorization": f"Bearer {TOKEN}"}
    ) as client:
        registered = client.post("/api/projects", json={"path": str(project_dir)})
        assert registered.status_code in (201, 409), registered.text
        body = {"project": project_dir.name, "prompt": prompt, "phases": ["build"]}
        started = client.post("/api/sessions", json=body)
    assert started.status_code == 202, started.text
    answer: dict[str, Any] = started.json()
    return answer


def test_a_session_that_needs_you_marks_the_tab_and_notifies(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    page.add_init_script(RECORD_NOTIFICATIONS)
    page.goto(f"{stack.read_url}/projects")
    expect(page.get_by_role("heading", name="Projects")).to_be_visible()

    review = _start(stack, project_dir, "Add a greeting")
    expect(page.get_by_test_id("attention")).to_have_text("1 need you", timeout=120_000)
    expect(page).to_have_title("(1) Projects · Pilothouse")
    failed = _start(stack, project_dir, "Break it [scripted:fail]")
    expect(page.get_by_test_id("attention")).to_have_text("2 need you", timeout=120_000)

    notes = page.evaluate("() => window.__notes")
    assert [(note["title"], note["body"]) for note in notes] == [
        ("Pilothouse: Add a greeting", f"Session {review['slug']} awaits your review."),
        ("Pilothouse: Break it [scripted:fail]", f"Session {failed['slug']} failed."),
    ]
    # Following the mark is looking: it goes, and the list shows those sessions.
    page.get_by_test_id("attention").click()
    expect(page.get_by_test_id("attention")).to_have_count(0)
    expect(page).to_have_title("Sessions · Pilothouse")
