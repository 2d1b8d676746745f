"""`pilothouse projects`, `add` and `sessions` against the real services."""

from __future__ import annotations

import msgspec
import pytest

from services.cli.outcome import EXIT_COMPLETED
from shared.wire import ProjectView, SessionView
from tests.cli.conftest import git_project
from tests.cli.stack import Stack

pytestmark = pytest.mark.agents


async def test_add_then_list_projects(stack: Stack) -> None:
    path = git_project(stack.workspace, "second")
    added = await stack.cli("add", str(path), "--slug", "second", "--name", "Second one")
    assert added.code == EXIT_COMPLETED, added.stderr
    assert added.stdout == f"registered second ({path}), ready\n"

    listed = await stack.cli("projects")
    assert listed.code == EXIT_COMPLETED, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["PROJECT", "STATUS", "PATH"]
    assert [line.split()[:3] for line in lines[1:]] == [
        ["demo", "ready", str(stack.workspace / "demo")],
        ["second", "ready", str(path)],
    ]
    as_json = await stack.cli("projects", "--json")
    projects = msgspec.json.decode(as_json.stdout, type=list[ProjectView])
    assert [project.name for project in projects] == ["demo", "Second one"]


async def test_add_takes_a_relative_path(stack: Stack) -> None:
    path = git_project(stack.workspace, "third")
    # Resolved against the client's working directory, not the orchestrator's.
    added = await stack.cli("add", "third", cwd=stack.workspace)
    assert added.code == EXIT_COMPLETED, added.stderr
    assert added.stdout == f"registered third ({path}), ready\n"


async def test_sessions_filtered(stack: Stack) -> None:
    first = await stack.cli("run", "demo", "Listed spec", "--phases", "spec")
    assert first.code == EXIT_COMPLETED, first.stderr
    second = await stack.cli("run", "demo", "Listed fail [scripted:fail]", "--phases", "spec")
    assert second.code != EXIT_COMPLETED

    listed = await stack.cli("sessions", "--project", "demo")
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["ID", "SESSION", "STATUS", "PHASE", "PROJECT", "COST", "CREATED"]
    # Newest first.
    assert lines[1].split()[1].startswith("listed-fail-")
    assert lines[1].split()[2] == "failed"
    assert lines[2].split()[2] == "completed"

    failed = await stack.cli("sessions", "--status", "failed", "--json")
    sessions = msgspec.json.decode(failed.stdout, type=list[SessionView])
    assert [session.title for session in sessions] == ["Listed fail [scripted:fail]"]

    empty = await stack.cli("sessions", "--project", "demo", "--status", "running,queued")
    assert empty.stdout == "no sessions match\n"
