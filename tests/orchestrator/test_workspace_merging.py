"""Approve, in git alone: each strategy puts the expected commits on the base branch, and
every refusal leaves the main checkout byte for byte as it was (HEAD, index, files)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.orchestrator.workspaces import merging
from services.orchestrator.workspaces.worktrees import ensure
from shared.contract.enums import MergeStrategy
from tests.support.git_repos import commit, fingerprint, git, make_repo, worktrees

BRANCH = "pilothouse/s"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout on `trunk`, and a session branch with two commits in its own worktree."""
    top = make_repo(tmp_path / "project", {"README.md": "# p\n", "app.py": "x = 1\n"})
    base = git(top, "rev-parse", "HEAD")
    worktree = tmp_path / "worktrees" / "s"
    asyncio.run(ensure(top, worktree, BRANCH, base))
    commit(worktree, {"app.py": "x = 2\n"}, "build")
    commit(worktree, {"NOTES.md": "notes\n"}, "docs")
    return top


def _request(repo: Path, strategy: MergeStrategy, scratch: str = "scratch") -> merging.Request:
    return merging.Request(
        top=repo,
        base_ref="trunk",
        branch=BRANCH,
        strategy=strategy,
        message="Greet the moon\n\nPilothouse-Session: s\n",
        scratch=repo.parent / scratch,
    )


def _approve(request: merging.Request) -> str:
    return asyncio.run(merging.approve(request, ["app.py", "NOTES.md"]))


def test_squash_puts_one_commit_with_every_change(repo: Path) -> None:
    before = git(repo, "rev-parse", "HEAD")
    result = _approve(_request(repo, MergeStrategy.SQUASH))
    assert git(repo, "rev-parse", "HEAD") == result
    assert git(repo, "log", "--format=%P|%s", "-1") == f"{before}|Greet the moon"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").splitlines() == [
        "NOTES.md",
        "app.py",
    ]
    # The checkout moved with it: files, index and HEAD agree.
    assert (repo / "app.py").read_text() == "x = 2\n"
    assert git(repo, "status", "--porcelain") == ""


def test_merge_puts_a_merge_commit_of_the_branch(repo: Path) -> None:
    before, head = git(repo, "rev-parse", "HEAD"), git(repo, "rev-parse", BRANCH)
    _approve(_request(repo, MergeStrategy.MERGE))
    assert git(repo, "log", "--format=%P", "-1").split() == [before, head]
    assert git(repo, "status", "--porcelain") == ""


def test_rebase_replays_each_commit_and_removes_its_scratch_worktree(repo: Path) -> None:
    before = git(repo, "rev-parse", "HEAD")
    commit(repo, {"README.md": "# p, moved on\n"}, "meanwhile on trunk")
    _approve(_request(repo, MergeStrategy.REBASE))
    assert git(repo, "log", "--format=%s", "-3").splitlines() == [
        "docs",
        "build",
        "meanwhile on trunk",
    ]
    assert git(repo, "merge-base", "HEAD", before) == before
    assert len(git(repo, "log", "--format=%P", "-1").split()) == 1
    assert worktrees(repo) == [str(repo), str(repo.parent / "worktrees" / "s")]


def test_a_dirty_checkout_is_refused_only_where_it_overlaps(repo: Path) -> None:
    (repo / "app.py").write_text("x = 'mine'\n")
    (repo / "NOTES.md").write_text("my own notes, untracked\n")
    before = fingerprint(repo)
    with pytest.raises(merging.MergeRefused) as refused:
        _approve(_request(repo, MergeStrategy.SQUASH))
    assert (refused.value.reason, refused.value.files) == ("dirty", ["NOTES.md", "app.py"])
    assert fingerprint(repo) == before

    # Changes elsewhere stay where they are, through the approve.
    git(repo, "checkout", "--", "app.py")
    (repo / "NOTES.md").unlink()
    (repo / "README.md").write_text("# p, being edited\n")
    _approve(_request(repo, MergeStrategy.SQUASH))
    assert (repo / "README.md").read_text() == "# p, being edited\n"
    assert (repo / "app.py").read_text() == "x = 2\n"


@pytest.mark.parametrize("strategy", list(MergeStrategy))
def test_another_branch_checked_out_is_refused(repo: Path, strategy: MergeStrategy) -> None:
    git(repo, "checkout", "-q", "-b", "elsewhere")
    before = fingerprint(repo)
    with pytest.raises(merging.MergeRefused) as refused:
        _approve(_request(repo, strategy))
    assert refused.value.reason == "other_branch"
    assert refused.value.files == ["app.py", "NOTES.md"]
    assert "elsewhere" in refused.value.detail
    assert fingerprint(repo) == before


@pytest.mark.parametrize("strategy", list(MergeStrategy))
def test_a_conflict_is_refused_naming_the_files(repo: Path, strategy: MergeStrategy) -> None:
    commit(repo, {"app.py": "x = 3\n"}, "trunk changes the same line")
    (repo / "README.md").write_text("# p, uncommitted\n")  # dirty, but not where it overlaps
    before = fingerprint(repo)
    with pytest.raises(merging.MergeRefused) as refused:
        _approve(_request(repo, strategy))
    assert (refused.value.reason, refused.value.files) == ("conflict", ["app.py"])
    assert fingerprint(repo) == before
    # No scratch worktree is left behind by a refused rebase.
    assert worktrees(repo) == [str(repo), str(repo.parent / "worktrees" / "s")]
