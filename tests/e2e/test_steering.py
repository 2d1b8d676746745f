"""Steering a finished session from the UI: a debug agent, then a retried phase."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.stack import Stack
from tests.support.ui import register_project, start_session

pytestmark = pytest.mark.e2e


def test_debug_agent_and_retry_from_the_ui(page: Page, stack: Stack, project_dir: Path) -> None:
    project = register_project(stack, project_dir)
    session_id = start_session(stack, project["slug"], "Something to look into")
    page.goto(f"{stack.read_url}/sessions/{session_id}")
    status = page.locator(".session-title [data-status]")
    expect(status).to_have_text("awaiting_review", timeout=120_000)

    page.get_by_role("button", name="Debug agent…").click()
    page.get_by_label("Debug prompt").fill("Why is greet() so terse?")
    page.get_by_role("button", name="Start debug agent").click()
    debug = page.locator("[data-agent][data-kind=debug]")
    expect(debug).to_have_attribute("data-status", "completed", timeout=120_000)
    page.get_by_role("tab", name="Artifacts").click()
    expect(page.locator("[data-artifact='debug/report.md']")).to_be_visible()
    # The artifact chosen is in the address: a reload (or a shared link) opens it.
    page.locator("[data-artifact='debug/report.md']").click()
    expect(page).to_have_url(re.compile(r"artifact=debug%2Freport\.md"))
    page.reload()
    expect(page.get_by_test_id("artifact-content")).to_have_attribute(
        "data-path", "debug/report.md"
    )

    page.get_by_role("tab", name="Log").click()
    page.get_by_label("Phase to retry").select_option("docs")
    page.get_by_role("button", name="Retry phase").click()
    docs_agents = page.locator("[data-agent][data-kind=docs]")
    expect(docs_agents).to_have_count(2, timeout=60_000)
    expect(docs_agents.last).to_have_attribute("data-status", "completed", timeout=120_000)
    expect(status).to_have_text("awaiting_review")

    # Choosing an agent shows its log only.
    debug.click()
    expect(page.get_by_role("tab", name="Log")).to_contain_text("debug")
    agent_id = debug.get_attribute("data-agent")
    # The agent's log loads after the click: wait for its rows, not for luck (this read
    # the rows at once and failed under load).
    expect(page.locator("[data-log-row][data-kind=tool_use]").first).to_be_attached()
    kinds = page.locator("[data-log-row]").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert "tool_use" in kinds
    agents = {a["id"]: a for a in stack.get(f"/api/sessions/{session_id}")["agents"]}
    assert agents[int(agent_id or 0)]["kind"] == "debug"
