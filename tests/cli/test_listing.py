"""`pilothouse projects`, `add` and `sessions` against the real services."""

from __future__ import annotations

import msgspec
import pytest

from services.cli.outcome import EXIT_COMPLETED
from shared.contract.wire import ProjectView, SessionView
from tests.support.cli_client import pilothouse
from tests.support.stack import Stack, git_project

pytestmark = pytest.mark.agents


async def test_add_then_list_projects(stack: Stack) -> None:
    path = git_project(stack.projects_root, "second")
    added = await pilothouse(stack, "add", str(path), "--slug", "second", "--name", "Second one")
    assert added.code == EXIT_COMPLETED, added.stderr
    assert added.stdout == f"registered second ({path}), ready\n"

    listed = await pilothouse(stack, "projects")
    assert listed.code == EXIT_COMPLETED, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["PROJECT", "STATUS", "PATH"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["demo", "ready", str(stack.projects_root / "demo")],
        ["second", "ready", str(path)],
    ]
    as_json = await pilothouse(stack, "projects", "--json")
    projects = msgspec.json.decode(as_json.stdout, type=list[ProjectView])
    assert [project.name for project in projects] == ["demo", "Second one"]


async def test_add_takes_a_relative_path(stack: Stack) -> None:
    path = git_project(stack.projects_root, "third")
    # Resolved against the client's working directory, not the orchestrator's.
    added = await pilothouse(stack, "add", "third", cwd=stack.projects_root)
    assert added.code == EXIT_COMPLETED, added.stderr
    assert added.stdout == f"registered third ({path}), ready\n"


async def test_sessions_filtered(stack: Stack) -> None:
    first = await pilothouse(stack, "run", "demo", "Listed spec", "--phases", "spec")
    assert first.code == EXIT_COMPLETED, first.stderr
    second = await pilothouse(
        stack, "run", "demo", "Listed fail [scripted:fail]", "--phases", "spec"
    )
    assert second.code != EXIT_COMPLETED

    listed = await pilothouse(stack, "sessions", "--project", "demo")
    lines = listed.stdout.splitlines()
    assert lines[0].split() == [
        "ID", "SESSION", "STATUS", "PHASE", "CHECKS", "PROJECT", "COST", "CREATED"
    ]  # fmt: skip
    # Newest first.
    assert lines[1].split()[1].startswith("listed-fail-")
    assert lines[1].split()[2] == "failed"
    assert lines[2].split()[2] == "completed"
    assert "unfenced" not in listed.stdout  # fenced here; tests/cli/test_unfenced.py

    failed = await pilothouse(stack, "sessions", "--status", "failed", "--json")
    sessions = msgspec.json.decode(failed.stdout, type=list[SessionView])
    assert [session.title for session in sessions] == ["Listed fail [scripted:fail]"]

    empty = await pilothouse(stack, "sessions", "--project", "demo", "--status", "running, queued")
    assert empty.stdout == "no sessions match\n"
