"""What changed between two commits, file by file, as the database keeps it: statuses,
counts, binary files, renames, and patches clipped at their bounds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.orchestrator.workspaces import changes
from shared.contract.enums import FileStatus
from shared.contract.review import FileDiff
from tests.support.git_repos import commit, git, make_repo


def _compute(repo: Path, old: str, new: str) -> dict[str, FileDiff]:
    return {f.path: f for f in asyncio.run(changes.compute(repo, old, new))}


def test_every_kind_of_change_with_its_counts_and_patch(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "p",
        {"keep.txt": "a\nb\nc\n", "gone.txt": "bye\n", "old name.txt": "same\n" * 20},
    )
    old = git(repo, "rev-parse", "HEAD")
    (repo / "gone.txt").unlink()
    (repo / "old name.txt").rename(repo / "new name.txt")
    (repo / "image.bin").write_bytes(bytes(range(256)))
    new = commit(repo, {"keep.txt": "a\nB\nc\nd\n", "dir/added.py": "x = 1\n"}, "change")

    found = _compute(repo, old, new)
    assert sorted(found) == ["dir/added.py", "gone.txt", "image.bin", "keep.txt", "new name.txt"]
    keep = found["keep.txt"]
    assert (keep.status, keep.insertions, keep.deletions) == (FileStatus.MODIFIED, 2, 1)
    assert keep.patch.startswith("diff --git a/keep.txt b/keep.txt\n")
    assert "-b\n+B\n" in keep.patch
    assert keep.patch_bytes == len(keep.patch.encode())
    assert not keep.truncated
    assert found["dir/added.py"].status is FileStatus.ADDED
    assert found["gone.txt"].status is FileStatus.DELETED
    renamed = found["new name.txt"]
    assert (renamed.status, renamed.old_path) == (FileStatus.RENAMED, "old name.txt")
    binary = found["image.bin"]
    assert (binary.binary, binary.insertions, binary.deletions) == (True, 0, 0)
    assert "Binary files" in binary.patch


def test_a_huge_patch_is_clipped_and_marked(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "p")
    old = git(repo, "rev-parse", "HEAD")
    big = "".join(f"line {n} of a generated file\n" for n in range(40_000))
    new = commit(repo, {"generated.txt": big, "small.txt": "hi\n"}, "big")
    found = _compute(repo, old, new)
    generated = found["generated.txt"]
    assert generated.truncated
    assert len(generated.patch.encode()) <= changes.MAX_PATCH_BYTES
    assert generated.patch_bytes > len(big)
    assert generated.insertions == 40_000  # the counts are whole, only the patch is cut
    assert not found["small.txt"].truncated


def test_a_scope_stops_storing_patches_at_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "p")
    old = git(repo, "rev-parse", "HEAD")
    new = commit(repo, {f"f{n:02}.txt": "x\n" * 50 for n in range(20)}, "many")
    monkeypatch.setattr(changes, "SCOPE_PATCH_BYTES", 1500)
    found = asyncio.run(changes.compute(repo, old, new))
    assert len(found) == 20
    kept = sum(len(f.patch.encode()) for f in found)
    assert kept <= 1500
    assert not found[0].truncated
    assert found[-1].truncated
    assert found[-1].patch == ""
    assert all(f.insertions == 50 for f in found)


def test_no_change_is_no_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "p")
    head = git(repo, "rev-parse", "HEAD")
    assert asyncio.run(changes.compute(repo, head, head)) == []
