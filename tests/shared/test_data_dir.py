"""The data directory (token, database, sessions' files) is its owner's alone."""

from __future__ import annotations

from pathlib import Path

from shared.config.data_dir import private_directory


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_data_directory_is_created_owner_only(tmp_path: Path) -> None:
    created = private_directory(tmp_path / "deep" / "data")
    assert _mode(created) == 0o700


def test_an_existing_open_data_directory_is_tightened(tmp_path: Path) -> None:
    existing = tmp_path / "data"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    private_directory(existing)
    assert _mode(existing) == 0o700
