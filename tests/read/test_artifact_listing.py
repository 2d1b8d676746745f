"""Listing a session's artifacts stays inside its directory and bounded in size."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.read.files.artifacts import MAX_LISTED, list_artifacts

_scanned: list[Path] | None = None


def _record_scandir(event: str, args: tuple[Any, ...]) -> None:
    if event == "os.scandir" and _scanned is not None and args and args[0] is not None:
        _scanned.append(Path(os.fsdecode(args[0])))


# Audit hooks cannot be removed; this one records only while a test asks it to.
sys.addaudithook(_record_scandir)


@pytest.fixture
def scanned() -> Iterator[list[Path]]:
    """Every directory os.scandir opens while the test runs."""
    global _scanned  # noqa: PLW0603
    _scanned = []
    try:
        yield _scanned
    finally:
        _scanned = None


def test_a_symlinked_artifact_directory_is_never_entered(
    tmp_path: Path, scanned: list[Path]
) -> None:
    outside = tmp_path / "elsewhere"
    for depth in ("a", "a/b", "a/b/c"):
        (outside / depth).mkdir(parents=True)
        (outside / depth / "file.txt").write_text("not an artifact")
    base = tmp_path / "session"
    (base / "debug").mkdir(parents=True)
    (base / "debug" / "notes.md").write_text("found it")
    (base / "debug" / "linked").symlink_to(outside, target_is_directory=True)
    (base / "context").symlink_to(outside, target_is_directory=True)

    listed = [entry.path for entry in list_artifacts(str(base))]

    assert listed == ["debug/notes.md"]
    assert scanned
    real_base = base.resolve()
    assert all(path.resolve().is_relative_to(real_base) for path in scanned), scanned


def test_a_huge_artifact_directory_is_listed_up_to_the_cap(tmp_path: Path) -> None:
    base = tmp_path / "session"
    research = base / "research"
    research.mkdir(parents=True)
    for number in range(MAX_LISTED + 50):
        (research / f"page-{number:05}.md").write_text("x")
    (base / "spec.md").write_text("# spec")

    listed = list_artifacts(str(base))

    assert len(listed) == MAX_LISTED + 1  # spec.md and the first MAX_LISTED below
    assert listed[-1].path == "spec.md"
