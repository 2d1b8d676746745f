"""The review loop in the UI: a comment on a line range of the Changes diff, request
changes, the build agent's round edits those lines (the scripted model) while the
session's checks run again, and the thread, shown in the diff's file, is resolved."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.git_repos import git
from tests.support.stack import Stack
from tests.support.ui import register_project, start_session

pytestmark = pytest.mark.e2e

MODULE = "hello_pilothouse.py"


def test_comment_request_changes_then_resolve_the_thread(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project(stack, project_dir)
    status, gate = stack.command(
        f"/api/projects/{project['slug']}/gates", {"name": "check", "command": "echo checked"}
    )
    assert status == 201, gate
    session_id = start_session(stack, project["slug"], "Greet people politely")
    page.goto(f"{stack.read_url}/sessions/{session_id}?tab=changes")
    expect(page.locator(".session-title [data-status]")).to_have_text(
        "awaiting_review", timeout=120_000
    )
    expect(page.get_by_test_id("checks")).to_have_attribute("data-checks", "passed")

    page.get_by_test_id("changed-files").locator(f"[data-file='{MODULE}']").click()
    comments = page.get_by_test_id("comments")
    # A line the diff does not show is refused, and nothing is added.
    comments.get_by_label("First line").fill("40")
    comments.get_by_label("Comment").fill("Out of range")
    comments.get_by_role("button", name="Comment").click()
    expect(comments.get_by_role("alert")).to_contain_text("does not show line(s) 40")
    comments.get_by_label("First line").fill("4")
    comments.get_by_label("Last line").fill("5")
    comments.get_by_label("Comment").fill("Be polite")
    comments.get_by_role("button", name="Comment").click()
    thread = comments.locator("[data-comment]")
    expect(thread).to_have_count(1)
    expect(thread.locator(".comment-excerpt")).to_contain_text("def greet(name")
    expect(thread).to_have_attribute("data-resolved", "false")

    builds = page.get_by_test_id("agents").locator("[data-kind='build']")
    expect(builds).to_have_count(1)
    comments.get_by_role("button", name="Request changes").click()
    # A build agent round runs (live in the agent list), then the session is back in
    # review, its checks run again.
    expect(builds).to_have_count(2, timeout=60_000)
    expect(builds.nth(1)).to_have_attribute("data-status", "completed", timeout=120_000)
    expect(page.locator(".session-title [data-status]")).to_have_text(
        "awaiting_review", timeout=60_000
    )
    session = stack.get(f"/api/sessions/{session_id}")
    rounds = [a for a in session["agents"] if a["round"] == "comments"]
    assert [a["status"] for a in rounds] == ["completed"]
    assert "Be polite" in rounds[0]["prompt"]
    branch = session["session"]["branch"]
    assert "# review: Be polite" in git(project_dir, "show", f"{branch}:{MODULE}")
    checks = stack.get(f"/api/sessions/{session_id}/checks")
    assert [r["run"] for r in checks["results"]] == [1, 2]

    # The thread is still there after the round (and a reload), and is resolved.
    page.reload()
    page.get_by_test_id("changed-files").locator(f"[data-file='{MODULE}']").click()
    thread = page.get_by_test_id("comments").locator("[data-comment]")
    expect(thread).to_contain_text(f"sent to agent #{rounds[0]['id']}")
    thread.get_by_role("button", name="Resolve").click()
    expect(thread).to_have_attribute("data-resolved", "true")
    assert [c["resolved"] for c in stack.get(f"/api/sessions/{session_id}/comments")] == [True]
