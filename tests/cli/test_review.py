"""Sessions on their own branches, reviewed from the terminal: the real services, the real
agents (scripted model), real git repositories the tests make, the real `pilothouse`.

The user's checkout is fingerprinted (HEAD, index file, every working-tree file) before
and after everything that must leave it alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from services.cli.outcome import EXIT_COMPLETED, EXIT_ERROR
from tests.support.cli_client import Cli, client_env, pilothouse
from tests.support.git_repos import branches, fingerprint, git, present, worktrees
from tests.support.stack import Stack, git_project

pytestmark = pytest.mark.agents


def _register(stack: Stack, path: Path, **setup: Any) -> None:
    status, body = stack.command("/api/projects", {"path": str(path), **setup})
    assert status == 201, body


def _project(stack: Stack, name: str) -> Path:
    path = git_project(stack.projects_root, name)
    _register(stack, path)
    return path


def _session(stack: Stack, ref: str) -> dict[str, Any]:
    found: dict[str, Any] = stack.get(f"/api/sessions/{ref}")["session"]
    return found


def _agents(stack: Stack, ref: str) -> dict[str, int]:
    """The session's last agent of each kind."""
    return {agent["kind"]: agent["id"] for agent in stack.get(f"/api/sessions/{ref}")["agents"]}


def _paths(changes: dict[str, Any]) -> list[str]:
    return [entry["path"] for entry in changes["files"]]


def _slug(output: str) -> str:
    found = re.search(r"^session (\S+) \(#\d+\)$", output, re.MULTILINE) or re.search(
        r"^(\S+) \(#\d+\) is queued$", output, re.MULTILINE
    )
    assert found, output
    return found.group(1)


async def _run(stack: Stack, *args: str) -> str:
    """`pilothouse run ARGS` to its end; the session's slug."""
    result = await pilothouse(stack, "run", *args)
    assert result.code == EXIT_COMPLETED, (result.stdout[-3000:], result.stderr)
    return _slug(result.stdout)


async def test_run_ends_with_its_changes_then_diff_and_approve(stack: Stack) -> None:
    project = _project(stack, "greeter")
    untouched = fingerprint(project)
    result = await pilothouse(
        stack, "run", "greeter", "Greet the moon", "--phases", "spec,build,docs"
    )
    assert result.code == EXIT_COMPLETED, result.stderr
    out, slug = result.stdout, _slug(result.stdout)
    session = _session(stack, slug)
    assert (session["isolated"], session["base_ref"]) == (True, "trunk")
    assert session["base_commit"] == git(project, "rev-parse", "HEAD")
    assert f"branch pilothouse/{slug} from trunk" in out
    assert f"⎇ worktree {session['worktree']} on pilothouse/{slug}" in out
    assert len(re.findall(r"⎇ commit [0-9a-f]{12} · 1 files, \+\d+ -0", out)) == 2
    assert "● session awaiting_review" in out
    # The end: what changed, and how to approve it.
    assert f"changes on pilothouse/{slug} (from trunk):" in out
    assert re.search(r"^ hello_pilothouse\.py\s+\|\s+\d+ \++$", out, re.MULTILINE)
    assert " 2 files changed, " in out
    assert f"  approve:  pilothouse approve {slug}" in out
    assert fingerprint(project) == untouched

    diff = await pilothouse(stack, "diff", slug)
    assert diff.code == EXIT_COMPLETED, diff.stderr
    assert "diff --git a/hello_pilothouse.py b/hello_pilothouse.py\nnew file mode" in diff.stdout
    assert '+"""Greet the moon"""' in diff.stdout
    assert "\x1b[" not in diff.stdout  # piped: no colour
    docs = await pilothouse(stack, "diff", slug, "--phase", "docs")
    assert "PILOTHOUSE_NOTES.md" in docs.stdout
    assert "hello_pilothouse.py" not in docs.stdout
    coloured = await pilothouse(stack, "diff", slug, "--stat", "--color", "always")
    assert "\x1b[32m+" in coloured.stdout

    approved = await pilothouse(stack, "approve", slug)
    assert approved.code == EXIT_COMPLETED, approved.stderr
    assert approved.stdout.startswith(f"merged {slug} into trunk (squash): now at ")
    # One commit on trunk, titled after the spec, with both files; nothing else changed.
    assert git(project, "log", "-1", "--format=%s") == "Greet the moon"
    assert git(project, "show", "--name-only", "--format=", "HEAD").splitlines() == [
        "PILOTHOUSE_NOTES.md",
        "hello_pilothouse.py",
    ]
    assert git(project, "rev-parse", "HEAD~1") == session["base_commit"]
    assert git(project, "status", "--porcelain") == ""
    # Approve removes the worktree and the branch.
    assert worktrees(project) == [str(project)]
    assert branches(project) == ["trunk"]
    merged = _session(stack, slug)
    assert (merged["status"], merged["worktree"]) == ("merged", None)
    assert merged["merged_commit"] == git(project, "rev-parse", "HEAD")
    # The diff outlives the worktree: it was stored when the agents committed.
    again = await pilothouse(stack, "diff", slug, "--stat")
    assert " 2 files changed, " in again.stdout


async def test_two_sessions_at_once_then_conflict_resolve_and_merge(stack: Stack) -> None:
    project = _project(stack, "pair")
    untouched = fingerprint(project)
    goals = ("Greet the sun", "Greet the stars")
    started = [
        await pilothouse(stack, "run", "pair", goal, "--phases", "build,docs", "--detach")
        for goal in goals
    ]
    slugs = [_slug(result.stdout) for result in started]
    followers = [await Cli.start(("follow", slug), client_env(stack)) for slug in slugs]
    for follower in followers:
        assert (await follower.finish()).code == EXIT_COMPLETED
    sessions = [_session(stack, slug) for slug in slugs]
    assert [s["status"] for s in sessions] == ["awaiting_review", "awaiting_review"]
    # Both ran at the same time, each in a worktree of its own; the checkout saw nothing.
    times = [
        (datetime.fromisoformat(s["started_at"]), datetime.fromisoformat(s["finished_at"]))
        for s in sessions
    ]
    assert max(start for start, _ in times) < min(end for _, end in times)
    assert sessions[0]["worktree"] != sessions[1]["worktree"]
    assert sorted(worktrees(project)) == sorted([str(project), *(s["worktree"] for s in sessions)])
    assert fingerprint(project) == untouched

    # Each diff shows only its own changes, whole and per phase.
    for slug, goal, other in ((slugs[0], *goals), (slugs[1], *reversed(goals))):
        whole = stack.get(f"/api/sessions/{slug}/changes")
        assert _paths(whole) == ["PILOTHOUSE_NOTES.md", "hello_pilothouse.py"]
        module = stack.get(f"/api/sessions/{slug}/changes/hello_pilothouse.py")
        assert goal in module["patch"]
        assert other not in module["patch"]
        agents = _agents(stack, slug)
        build = stack.get(f"/api/sessions/{slug}/changes?agent={agents['build']}")
        assert _paths(build) == ["hello_pilothouse.py"]
        docs = stack.get(f"/api/sessions/{slug}/changes?agent={agents['docs']}")
        assert _paths(docs) == ["PILOTHOUSE_NOTES.md"]
        notes = stack.get(
            f"/api/sessions/{slug}/changes/PILOTHOUSE_NOTES.md?agent={agents['docs']}"
        )
        assert goal in notes["patch"]
        assert other not in notes["patch"]

    assert (await pilothouse(stack, "approve", slugs[0])).code == EXIT_COMPLETED
    # The second now conflicts with what the first put on trunk: refused, checkout as it was.
    before = fingerprint(project)
    refused = await pilothouse(stack, "approve", slugs[1])
    assert refused.code == EXIT_ERROR
    assert "conflicts" in refused.stderr
    assert (
        "(orchestrator: HTTP 409)\n  PILOTHOUSE_NOTES.md\n  hello_pilothouse.py" in refused.stderr
    )
    assert fingerprint(project) == before

    resolved = await pilothouse(stack, "resolve", slugs[1])
    assert resolved.code == EXIT_COMPLETED, resolved.stdout + resolved.stderr
    assert "merging the base branch conflicts in PILOTHOUSE_NOTES.md, hello_pilothouse.py" in (
        resolved.stdout
    )
    assert "● session awaiting_review" in resolved.stdout
    detail = stack.get(f"/api/sessions/{slugs[1]}")
    last = detail["agents"][-1]
    assert (last["kind"], last["round"], last["status"]) == ("build", "resolve", "completed")
    assert last["resumed_from"] == _agents_of_kind(detail, "build")[0]
    # Its changes are now measured from the trunk it contains.
    assert detail["session"]["base_commit"] == git(project, "rev-parse", "trunk")
    assert fingerprint(project) == before

    merged = await pilothouse(stack, "approve", slugs[1], "--merge")
    assert merged.code == EXIT_COMPLETED, merged.stderr
    parents = git(project, "log", "-1", "--format=%P").split()
    assert parents[0] == before["HEAD commit"]
    assert parents[1] == detail["session"]["head_commit"]
    module = git(project, "show", "HEAD:hello_pilothouse.py")
    assert all(goal in module for goal in goals)
    assert "<<<<<<<" not in module
    assert worktrees(project) == [str(project)]
    assert branches(project) == ["trunk"]


def _agents_of_kind(detail: dict[str, Any], kind: str) -> list[int]:
    return [agent["id"] for agent in detail["agents"] if agent["kind"] == kind]


async def test_approve_refuses_a_dirty_overlap_or_another_branch_then_rebases(
    stack: Stack,
) -> None:
    project = _project(stack, "careful")
    slug = await _run(stack, "careful", "Greet carefully", "--phases", "build")

    (project / "hello_pilothouse.py").write_text("mine, not committed\n")
    before = fingerprint(project)
    refused = await pilothouse(stack, "approve", slug)
    assert refused.code == EXIT_ERROR
    assert "uncommitted changes to files the session changes" in refused.stderr
    assert refused.stderr.rstrip().endswith("(orchestrator: HTTP 409)\n  hello_pilothouse.py")
    assert fingerprint(project) == before

    (project / "hello_pilothouse.py").unlink()
    git(project, "checkout", "-q", "-b", "elsewhere")
    before = fingerprint(project)
    refused = await pilothouse(stack, "approve", slug, "--rebase")
    assert refused.code == EXIT_ERROR
    assert "the main checkout is on elsewhere, not trunk" in refused.stderr
    assert fingerprint(project) == before
    assert _session(stack, slug)["status"] == "awaiting_review"

    git(project, "checkout", "-q", "trunk")
    (project / "README.md").write_text("# careful, being edited\n")  # elsewhere: no overlap
    approved = await pilothouse(stack, "approve", slug, "--rebase")
    assert approved.code == EXIT_COMPLETED, approved.stderr
    # The agent's own commit, replayed: its author and message are the branch's.
    assert git(project, "log", "-1", "--format=%an|%s") == (
        f"Pilothouse build agent|Changes by the build agent (#{_agents(stack, slug)['build']})"
        f" of session {slug}"
    )
    assert git(project, "status", "--porcelain") == "M README.md"


async def test_discard_and_keep_leave_worktrees_and_branches_as_documented(stack: Stack) -> None:
    project = _project(stack, "tidy")
    untouched = fingerprint(project)
    kept = await _run(stack, "tidy", "Keep me", "--phases", "build")
    dropped = await _run(stack, "tidy", "Drop me", "--phases", "build")
    kept_tree = Path(_session(stack, kept)["worktree"])
    (kept_tree / "scratch.txt").write_text("written by hand, not committed\n")

    result = await pilothouse(stack, "keep", kept)
    assert (
        result.stdout == f"kept {kept}: branch pilothouse/{kept} stays, its worktree is removed\n"
    )
    # Nothing is lost: what was left uncommitted is committed to the branch first.
    assert (
        git(project, "show", f"pilothouse/{kept}:scratch.txt") == "written by hand, not committed"
    )
    assert sorted(worktrees(project)) == sorted(
        [str(project), _session(stack, dropped)["worktree"]]
    )
    assert branches(project) == [f"pilothouse/{dropped}", f"pilothouse/{kept}", "trunk"]
    assert _session(stack, kept)["status"] == "kept"

    result = await pilothouse(stack, "discard", dropped)
    assert result.stdout == f"discarded {dropped}: its worktree and branch are removed\n"
    assert worktrees(project) == [str(project)]
    assert branches(project) == [f"pilothouse/{kept}", "trunk"]
    assert _session(stack, dropped)["status"] == "discarded"
    assert fingerprint(project) == untouched

    again = await pilothouse(stack, "discard", dropped)
    assert again.code == EXIT_ERROR
    assert "session is discarded; discard takes only" in again.stderr


async def test_prune_commits_first_skips_running_work_and_the_worktree_comes_back(
    stack: Stack,
) -> None:
    project = _project(stack, "pruned")
    done = await _run(stack, "pruned", "Prune me", "--phases", "build")
    done_tree = Path(_session(stack, done)["worktree"])
    (done_tree / "late.txt").write_text("late\n")
    slow = await pilothouse(
        stack, "run", "pruned", "Busy [scripted:slow]", "--phases", "build", "--detach"
    )
    busy = _slug(slow.stdout)
    follower = await Cli.start(("follow", busy), client_env(stack))
    await follower.wait_printed("→ Bash")
    busy_tree = Path(_session(stack, busy)["worktree"])

    dry = await pilothouse(stack, "prune", "--older-than", "0", "--dry-run")
    assert re.search(
        rf"^{done}\s+awaiting_review\s+[\d.]+ kB\s+would remove ", dry.stdout, re.MULTILINE
    )
    assert re.search(
        rf"^{busy}\s+running\s+.*\s+kept\s+running: never pruned", dry.stdout, re.MULTILINE
    )
    assert present(done_tree)
    listed = await pilothouse(stack, "worktrees")
    assert done in listed.stdout
    assert busy in listed.stdout
    assert "total " in listed.stdout

    pruned = await pilothouse(stack, "prune", "--older-than", "0")
    assert pruned.code == EXIT_COMPLETED, pruned.stderr
    assert re.search(rf"^{done}\s+awaiting_review\s+.*\s+removed\s+", pruned.stdout, re.MULTILINE)
    assert f"{done}: uncommitted changes committed as " in pruned.stdout
    assert not present(done_tree)
    assert present(busy_tree)
    assert git(project, "show", f"pilothouse/{done}:late.txt") == "late"
    assert _session(stack, done)["worktree"] is None
    assert (await pilothouse(stack, "cancel", busy)).code == EXIT_COMPLETED
    await follower.finish()

    # A later run of the session checks the branch out again where it was.
    debug = await pilothouse(stack, "debug", done, "Is everything there?")
    assert debug.code == EXIT_COMPLETED, debug.stderr
    assert f"⎇ worktree {done_tree} checked out again on pilothouse/{done}" in debug.stdout
    assert (done_tree / "late.txt").read_text() == "late\n"
    approved = await pilothouse(stack, "approve", done)
    assert approved.code == EXIT_COMPLETED, approved.stderr
    assert git(project, "show", "--name-only", "--format=", "HEAD").splitlines() == [
        "hello_pilothouse.py",
        "late.txt",
    ]


async def test_a_project_outside_git_runs_in_place_labelled_not_isolated(stack: Stack) -> None:
    plain = stack.projects_root / "plain"
    plain.mkdir()
    (plain / "README.md").write_text("# plain\n")
    _register(stack, plain)
    result = await pilothouse(stack, "run", "plain", "Greet in place", "--phases", "build")
    assert result.code == EXIT_COMPLETED, result.stderr
    slug = _slug(result.stdout)
    assert f"not isolated: agents work in {plain} itself" in result.stdout
    assert f"⎇ not isolated: working in {plain}" in result.stdout
    assert "● session completed" in result.stdout
    assert (plain / "hello_pilothouse.py").is_file()
    session = _session(stack, slug)
    assert (session["isolated"], session["branch"], session["worktree"]) == (False, None, None)

    diff = await pilothouse(stack, "diff", slug)
    assert diff.code == EXIT_ERROR
    assert "ran in place (not isolated)" in diff.stderr
    approve = await pilothouse(stack, "approve", slug)
    assert approve.code == EXIT_ERROR
    assert "ran in place (not isolated)" in approve.stderr
