"""Reviewing a finished session in the UI: its Changes, a file's diff, a refused approve
naming the file, then an approve that turns the session `merged` live and puts the commit
on the base branch of the real repository."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.git_repos import branches, commit, fingerprint, git, worktrees
from tests.support.stack import Stack
from tests.support.ui import register_project, screenshot, start_session

pytestmark = pytest.mark.e2e

MODULE = "hello_pilothouse.py"  # what the scripted build writes, then edits
NOTES = "PILOTHOUSE_NOTES.md"  # what the scripted docs agent writes


def test_review_changes_then_approve_merges_live(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project(stack, project_dir)
    session_id = start_session(stack, project["slug"], "Greet people by name")
    base_before = git(project_dir, "rev-parse", "trunk")

    # The list says which sessions wait for review, and leads to their changes.
    page.goto(f"{stack.read_url}/")
    page.get_by_role("button", name="Awaiting review").click()
    row = page.locator("tr[data-session]").filter(has_text="Greet people by name")
    expect(row.get_by_role("link", name="review")).to_be_visible(timeout=120_000)
    row.get_by_role("link", name="review").click()
    page.wait_for_url(f"**/sessions/{session_id}?tab=changes")
    # A marker that a reload would erase: the status below must arrive live.
    page.evaluate("() => { window.__noReload = true; }")

    files = page.get_by_test_id("changed-files")
    expect(files.locator("[data-file]")).to_have_count(2)
    module = files.locator(f"[data-file='{MODULE}']")
    expect(module).to_have_attribute("data-status", "added")
    expect(page.get_by_test_id("changes-summary")).to_contain_text("2 files")

    # A file's diff: the added lines, highlighted, unified and then side by side.
    module.click()
    diff = page.get_by_role("region", name=f"Diff of {MODULE}")
    expect(diff.locator(".d2h-ins").filter(has_text="def greet(name")).to_have_count(1)
    expect(diff.locator(".hljs-keyword").first).to_be_visible()
    page.get_by_role("button", name="Side by side").click()
    expect(page.get_by_test_id("diff-view")).to_have_attribute("data-layout", "split")
    expect(diff.locator(".d2h-file-side-diff")).to_have_count(2)
    screenshot(page, "session-changes")

    # One agent's commit: the build agent changed the module only.
    scope = page.get_by_label("Scope")
    build = scope.locator("option", has_text="build").get_attribute("value")
    assert build
    scope.select_option(build)
    expect(files.locator("[data-file]")).to_have_count(1)
    expect(files.locator(f"[data-file='{NOTES}']")).to_have_count(0)
    scope.select_option("")
    expect(files.locator("[data-file]")).to_have_count(2)

    # The user's own untracked copy of the module: approve is refused, naming the file,
    # and the checkout is left exactly as it was.
    (project_dir / MODULE).write_text("# mine, not committed\n")
    before = fingerprint(project_dir)
    message = page.get_by_label("Commit message")
    expect(message).not_to_have_value("")
    message.fill("Greet people by name (reviewed)")
    approve = page.get_by_role("button", name="Approve and merge into trunk")
    approve.click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_have_attribute("data-reason", "dirty")
    expect(refusal.locator(".refusal-files")).to_have_text(MODULE)
    assert fingerprint(project_dir) == before
    expect(page.locator(".session-title [data-status]")).to_have_text("awaiting_review")

    # Once the user's file is out of the way, approve merges; the status arrives live.
    (project_dir / MODULE).unlink()
    approve.click()
    expect(page.locator(".session-title [data-status]")).to_have_text("merged", timeout=30_000)
    closed = page.get_by_test_id("review-closed")
    expect(closed).to_contain_text("Merged into trunk")
    assert page.evaluate("() => window.__noReload") is True

    # The base branch of the real repository carries the commit, message as edited.
    merged = stack.get(f"/api/sessions/{session_id}")["session"]["merged_commit"]
    assert git(project_dir, "rev-parse", "trunk") == merged
    assert git(project_dir, "rev-parse", "trunk~1") == base_before
    assert (
        git(project_dir, "log", "-1", "--format=%s", "trunk") == "Greet people by name (reviewed)"
    )
    assert "def greet(name" in git(project_dir, "show", f"trunk:{MODULE}")
    assert (project_dir / NOTES).exists()
    expect(closed.locator("[data-merged-commit]")).to_have_attribute("data-merged-commit", merged)
    # The diff stays readable after the branch is gone.
    expect(files.locator("[data-file]")).to_have_count(2)


def test_discard_after_confirming_removes_the_branch(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project(stack, project_dir)
    session_id = start_session(stack, project["slug"], "Something to throw away")
    page.goto(f"{stack.read_url}/sessions/{session_id}?tab=changes")
    status = page.locator(".session-title [data-status]")
    expect(status).to_have_text("awaiting_review", timeout=120_000)
    branch = stack.get(f"/api/sessions/{session_id}")["session"]["branch"]
    assert branch in branches(project_dir)
    before = fingerprint(project_dir)

    page.get_by_role("button", name="Discard…").click()
    confirm = page.get_by_role("alertdialog", name="Confirm discard")
    confirm.get_by_role("button", name="No").click()
    expect(confirm).to_have_count(0)
    assert branch in branches(project_dir)  # nothing happened without the confirmation

    page.get_by_role("button", name="Discard…").click()
    confirm.get_by_role("button", name="Yes, discard").click()
    expect(status).to_have_text("discarded", timeout=30_000)
    expect(page.get_by_test_id("review-closed")).to_contain_text("Discarded")
    assert branch not in branches(project_dir)
    assert worktrees(project_dir) == [str(project_dir)]
    assert fingerprint(project_dir) == before  # the user's checkout: untouched
    expect(page.get_by_test_id("changed-files").locator("[data-file]")).to_have_count(2)


def test_a_conflict_is_resolved_from_the_ui_then_approved(
    page: Page, stack: Stack, project_dir: Path
) -> None:
    project = register_project(stack, project_dir)
    session_id = start_session(stack, project["slug"], "Greet in the same file")
    page.goto(f"{stack.read_url}/sessions/{session_id}?tab=changes")
    status = page.locator(".session-title [data-status]")
    expect(status).to_have_text("awaiting_review", timeout=120_000)
    # Meanwhile the user committed their own version of the module on trunk.
    commit(project_dir, {MODULE: "def greet():\n    return 'mine'\n"}, "My own greeting")
    before = fingerprint(project_dir)

    page.get_by_role("button", name="Approve and merge into trunk").click()
    refusal = page.get_by_test_id("refusal")
    expect(refusal).to_have_attribute("data-reason", "conflict")
    expect(refusal.locator(".refusal-files")).to_have_text(MODULE)
    assert fingerprint(project_dir) == before
    resolve = page.get_by_role("button", name="Resolve conflicts")
    expect(resolve).to_have_class(re.compile(r"button-primary"))

    # A build agent round merges trunk in and settles the conflict; back in review.
    resolve.click()
    expect(page.locator("[data-agent][data-kind=build]")).to_have_count(2, timeout=60_000)
    expect(status).to_have_text("awaiting_review", timeout=120_000)
    page.get_by_role("button", name="Approve and merge into trunk").click()
    expect(status).to_have_text("merged", timeout=30_000)
    merged = git(project_dir, "show", f"trunk:{MODULE}")
    assert "return 'mine'" in merged
    assert "def greet(name" in merged
    assert "<<<<<<<" not in merged


def test_edit_and_write_read_as_diffs_in_a_session_not_isolated(page: Page, stack: Stack) -> None:
    """Outside git the session runs in place, labelled so; its log still shows diffs."""
    plain = stack.projects_root / f"plain-{secrets.token_hex(3)}"
    plain.mkdir()
    (plain / "README.md").write_text("# not a repository\n")
    project = register_project(stack, plain)
    session_id = start_session(stack, project["slug"], "Add a greeting")
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    build = page.locator("[data-agent][data-kind=build]")
    expect(build).to_have_attribute("data-status", "completed", timeout=120_000)
    expect(page.locator(".session-title").get_by_test_id("not-isolated")).to_be_visible()
    build.click()
    edit = page.locator("[data-log-row][data-kind=tool_use]").filter(has_text="Edit")
    edit.locator(".fold").click()
    diff = edit.get_by_test_id("diff-view")
    expect(diff.locator(".d2h-del").filter(has_text="def greet():")).to_have_count(1)
    expect(diff.locator(".d2h-ins").filter(has_text="def greet(name")).to_have_count(1)
    expect(edit).not_to_contain_text("old_string")

    write = (
        page.locator("[data-log-row][data-kind=tool_use]")
        .filter(has_text="Write")
        .filter(has_text=MODULE)
    )
    write.locator(".fold").click()
    added = write.get_by_test_id("diff-view").locator(".d2h-ins .d2h-code-line-ctn")
    expect(added).to_have_count(5)
    expect(write).not_to_contain_text('"content"')

    page.get_by_role("tab", name="Changes").click()
    expect(page.get_by_text("Not isolated: this session ran in place.")).to_be_visible()
    expect(page.get_by_test_id("review-panel")).to_have_count(0)
    page.goto(f"{stack.read_url}/")
    row = page.locator("tr[data-session]").filter(
        has=page.locator(f"a[href='/sessions/{session_id}']")
    )
    expect(row.get_by_test_id("not-isolated")).to_be_visible()
