"""The review loop from the terminal: comment on lines of the diff, request changes and
follow the round to review again, resolve the thread, send a follow-up and see the
diff of just that round; refusals as one line with the CLI's exit codes."""

from __future__ import annotations

import re

import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_ERROR, EXIT_USAGE
from tests.support.cli_client import pilothouse
from tests.support.stack import Stack, git_project

pytestmark = pytest.mark.agents


def _slug(output: str) -> str:
    found = re.search(r"^session (\S+) \(#\d+\)$", output, re.MULTILINE)
    assert found, output
    return found.group(1)


async def test_comment_request_changes_resolve_and_follow_up(stack: Stack) -> None:
    path = git_project(stack.projects_root, "talk")
    status, body = stack.command("/api/projects", {"path": str(path)})
    assert status == 201, body
    run = await pilothouse(stack, "run", "talk", "Greet people", "--phases", "build")
    assert run.code == EXIT_COMPLETED, run.stderr
    slug = _slug(run.stdout)

    bad_place = await pilothouse(stack, "comment", slug, "hello_pilothouse.py", "why?")
    assert bad_place.code == EXIT_USAGE
    not_changed = await pilothouse(stack, "comment", slug, "README.md:1", "why?")
    assert not_changed.code == EXIT_ERROR
    assert "is not among the files" in not_changed.stderr
    nothing = await pilothouse(stack, "request-changes", slug)
    assert (nothing.code, "no unresolved comment" in nothing.stderr) == (EXIT_ERROR, True)

    added = await pilothouse(stack, "comment", slug, "hello_pilothouse.py:4-5", "Be polite")
    assert added.code == EXIT_COMPLETED, added.stderr
    assert added.stdout.startswith("comment #")
    assert "  │ def greet(name" in added.stdout
    comment_id = added.stdout.split()[1].lstrip("#")

    changed = await pilothouse(stack, "request-changes", slug)
    assert changed.code == EXIT_COMPLETED, changed.stderr
    assert "Pilothouse review round." in changed.stdout
    assert "◆ gate" not in changed.stdout  # this project has no gates
    listed = await pilothouse(stack, "comments", slug)
    assert f"#{comment_id} hello_pilothouse.py:4-5 [open, sent to agent" in listed.stdout
    resolved = await pilothouse(stack, "comments", slug, "--resolve", comment_id)
    assert resolved.stdout == f"resolved comment #{comment_id} on hello_pilothouse.py:4-5\n"
    assert "[resolved" in (await pilothouse(stack, "comments", slug)).stdout

    follow = await pilothouse(stack, "follow-up", slug, "Write down the date format")
    assert follow.code == EXIT_COMPLETED, follow.stderr
    rounds = [a for a in stack.get(f"/api/sessions/{slug}")["agents"] if a["round"]]
    assert [a["round"] for a in rounds] == ["comments", "follow_up"]
    scoped = await pilothouse(stack, "diff", slug, "--agent", str(rounds[-1]["id"]), "--stat")
    assert scoped.code == EXIT_COMPLETED, scoped.stderr
    assert "follow_up round" in scoped.stdout
    assert "PILOTHOUSE_FOLLOW_UP.md" in scoped.stdout
    assert "hello_pilothouse.py" not in scoped.stdout
