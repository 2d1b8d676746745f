"""Worktrees and setup, in git and processes alone: made, found, made again from the
branch, never a main checkout removed, setup files never committed, setup output in order,
a failing or hanging setup command stopped with its exit code and tail."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from services.orchestrator.workspaces import commits, setup
from services.orchestrator.workspaces.git_process import PILOTHOUSE
from services.orchestrator.workspaces.worktrees import (
    Made,
    WorkspaceError,
    dirty_paths,
    ensure,
    remove,
    remove_clean,
)
from shared.config.child_environment import child_environment
from shared.config.settings import Settings
from tests.support.git_repos import branches, fingerprint, git, make_repo, worktrees
from tests.support.processes import alive


def test_made_found_and_made_again_from_its_branch(tmp_path: Path) -> None:
    top = make_repo(tmp_path / "project")
    base = git(top, "rev-parse", "HEAD")
    path = tmp_path / "worktrees" / "demo" / "s1"
    untouched = fingerprint(top)

    assert asyncio.run(ensure(top, path, "pilothouse/s1", base)) is Made.CREATED
    assert asyncio.run(ensure(top, path, "pilothouse/s1", base)) is Made.EXISTING
    (path / "work.txt").write_text("done\n")
    made = asyncio.run(commits.commit_all(path, "work", PILOTHOUSE))
    asyncio.run(remove(top, path, force=False))
    assert worktrees(top) == [str(top)]
    assert asyncio.run(ensure(top, path, "pilothouse/s1", base)) is Made.RECREATED
    assert git(path, "rev-parse", "HEAD") == made
    assert (path / "work.txt").read_text() == "done\n"
    assert fingerprint(top) == untouched
    assert branches(top) == ["pilothouse/s1", "trunk"]


def test_the_main_checkout_is_never_removed(tmp_path: Path) -> None:
    top = make_repo(tmp_path / "project")
    before = fingerprint(top)
    for target in (top, tmp_path):
        with pytest.raises(WorkspaceError, match="main checkout"):
            asyncio.run(remove(top, target, force=True))
    assert fingerprint(top) == before


def test_setup_files_are_never_committed(tmp_path: Path) -> None:
    top = make_repo(tmp_path / "project")
    (top / ".env").write_text("SECRET=1\n")
    path = tmp_path / "wt"
    asyncio.run(ensure(top, path, "pilothouse/s", git(top, "rev-parse", "HEAD")))
    copied = setup.copy_files(top, path, [".env", "missing.txt", "../escape"])
    assert (copied.files, copied.missing) == ([".env"], ["missing.txt", "../escape"])
    (path / "app.py").write_text("x = 1\n")

    assert asyncio.run(dirty_paths(path, [".env"])) == ["app.py"]
    made = asyncio.run(commits.commit_all(path, "work", PILOTHOUSE, [".env"]))
    assert made is not None
    assert git(path, "show", "--name-only", "--format=", made) == "app.py"
    # What is left is only the setup file: the worktree counts as clean and goes.
    assert asyncio.run(dirty_paths(path, [".env"])) == []
    asyncio.run(remove_clean(top, path, [".env"]))
    assert not path.exists()


def test_a_worktree_with_other_uncommitted_work_is_not_removed_clean(tmp_path: Path) -> None:
    top = make_repo(tmp_path / "project")
    path = tmp_path / "wt"
    asyncio.run(ensure(top, path, "pilothouse/s", git(top, "rev-parse", "HEAD")))
    (path / "precious.txt").write_text("not committed\n")
    with pytest.raises(WorkspaceError, match=r"precious\.txt"):
        asyncio.run(remove_clean(top, path, []))
    assert (path / "precious.txt").read_text() == "not committed\n"


def test_setup_output_comes_line_by_line_and_failure_keeps_the_tail(tmp_path: Path) -> None:
    lines: list[str] = []

    async def line(text: str) -> None:
        lines.append(text)

    command = "echo one; echo two >&2; printf 'no newline'; exit 3"
    result = asyncio.run(
        setup.run_command(command, tmp_path, line, 30, env={"PATH": "/usr/bin:/bin"})
    )
    assert lines == ["one", "two", "no newline"]
    assert (result.exit_code, result.tail, result.timed_out) == (3, "one\ntwo\nno newline", False)


def test_setup_sees_its_given_environment_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PILOTHOUSE_TOKEN", "secret-token")
    monkeypatch.setenv("DATABASE_URL", "postgresql://secret")
    lines: list[str] = []

    async def line(text: str) -> None:
        lines.append(text)

    env = child_environment(Settings(data_dir=tmp_path / "data"), model=False)
    asyncio.run(setup.run_command("env", tmp_path, line, 30, env=env))
    seen = dict(entry.partition("=")[::2] for entry in lines if "=" in entry)
    for shells_own in ("PWD", "SHLVL", "_"):
        seen.pop(shells_own, None)
    assert seen == env


def test_a_hanging_setup_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    marker = tmp_path / "child.pid"
    command = f"sleep 300 & echo $! > {marker}; echo started; wait"

    async def line(_: str) -> None:
        return None

    result = asyncio.run(
        setup.run_command(command, tmp_path, line, 1.5, env={"PATH": "/usr/bin:/bin"})
    )
    assert result.timed_out
    assert result.exit_code < 0
    assert result.tail == "started"
    assert not alive(int(marker.read_text()))
