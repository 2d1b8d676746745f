"""Gates and checks from the terminal: `pilothouse gates …` manages a project's gates
(refusals as one line, exit code 5), `pilothouse run` shows them run, and
`pilothouse checks` shows the results (exit code 1 while a required gate is red)."""

from __future__ import annotations

import re

import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_ERROR, EXIT_FAILED, EXIT_USAGE
from tests.support.cli_client import pilothouse
from tests.support.git_repos import git
from tests.support.stack import Stack, git_project

pytestmark = pytest.mark.agents


def _slug(output: str) -> str:
    found = re.search(r"^session (\S+) \(#\d+\)$", output, re.MULTILINE)
    assert found, output
    return found.group(1)


async def test_gates_are_managed_run_and_shown(stack: Stack) -> None:
    path = git_project(stack.projects_root, "checked")
    (path / "pyproject.toml").write_text('[project]\nname = "c"\n\n[tool.pytest.ini_options]\n')
    added = await pilothouse(stack, "add", str(path))
    assert added.code == EXIT_COMPLETED, added.stderr
    assert "proposed gates (off until enabled): pytest" in added.stdout

    listed = await pilothouse(stack, "gates", "list", "checked")
    assert listed.stdout.splitlines()[0].split() == [
        "GATE", "STATE", "KIND", "TIMEOUT", "COMMAND"
    ]  # fmt: skip
    assert listed.stdout.splitlines()[1].split()[:2] == ["pytest", "proposed"]

    gate = await pilothouse(
        stack, "gates", "add", "checked", "lint", "echo linting; exit 1", "--timeout", "30",
        "--advisory",
    )  # fmt: skip
    assert gate.code == EXIT_COMPLETED, gate.stderr
    assert gate.stdout == "added gate 'lint': echo linting; exit 1 (advisory, enabled, 30s)\n"
    changed = await pilothouse(stack, "gates", "set", "checked", "lint", "--required")
    assert "(required, enabled, 30s)" in changed.stdout

    refused = await pilothouse(stack, "gates", "set", "checked", "absent", "--required")
    assert refused.code == EXIT_ERROR
    assert refused.stderr.startswith("pilothouse: project 'checked' has no gate 'absent'")
    blank = await pilothouse(stack, "gates", "add", "checked", "blank", " ")
    assert (blank.code, "must not be blank" in blank.stderr) == (EXIT_ERROR, True)
    zero = await pilothouse(stack, "gates", "add", "checked", "z", "true", "--timeout", "0")
    assert zero.code == EXIT_USAGE

    run = await pilothouse(stack, "run", "checked", "Build and check", "--phases", "build")
    assert run.code == EXIT_COMPLETED, run.stderr
    assert "◆ gate lint: echo linting; exit 1" in run.stdout
    assert "│ linting" in run.stdout
    assert "◆ gate lint failed" in run.stdout
    slug = _slug(run.stdout)

    checks = await pilothouse(stack, "checks", slug, "--all", "-v")
    assert checks.code == EXIT_FAILED, checks.stderr
    rows = [line.split()[:4] for line in checks.stdout.splitlines()[1:4]]
    assert rows == [
        ["1", "lint", "required", "failed"],
        ["2", "lint", "required", "failed"],
        ["3", "lint", "required", "failed"],
    ]
    assert "checks: failed" in checks.stdout
    assert "--- lint (run 3) ---\nlinting" in checks.stdout

    sessions = await pilothouse(stack, "sessions", "--project", "checked")
    assert sessions.stdout.splitlines()[1].split()[2:4] == ["awaiting_review", "failed"]

    removed = await pilothouse(stack, "gates", "remove", "checked", "lint")
    assert removed.stdout == "removed gate 'lint' (its past results stay)\n"
    again = await pilothouse(stack, "checks", slug)
    assert again.code == EXIT_FAILED

    # Red required gates: approve asks for an explicit override, and records it.
    head = git(path, "rev-parse", "HEAD")
    unsure = await pilothouse(stack, "approve", slug)
    assert unsure.code == EXIT_ERROR
    assert "a required gate that did not pass" in unsure.stderr
    assert git(path, "rev-parse", "HEAD") == head
    approved = await pilothouse(stack, "approve", slug, "--override-checks")
    assert approved.code == EXIT_COMPLETED, approved.stderr
    session = stack.get(f"/api/sessions/{slug}")["session"]
    assert (session["status"], session["checks_overridden"]) == ("merged", True)
    overridden = await pilothouse(stack, "checks", slug)
    assert "checks: failed (approved with an override)" in overridden.stdout
