"""Path confinement: nothing outside the roots, whatever the spelling or the symlinks."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.config.paths import PathMalformed, PathRefused, confine, confine_relative


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "proj" / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("secret")
    (root / "escape").symlink_to(tmp_path / "outside")
    (root / "proj" / "inner").symlink_to(root / "proj" / "sub")
    return root


def test_inside_paths_resolve(tree: Path) -> None:
    assert confine(tree / "proj", [tree]) == (tree / "proj").resolve()
    assert confine(tree, [tree]) == tree.resolve()
    assert confine(tree / "proj" / "inner", [tree]) == (tree / "proj" / "sub").resolve()


@pytest.mark.parametrize(
    "spelling",
    [
        "{root}/../outside",
        "{root}/proj/../../outside/secret.txt",
        "{root}/escape",
        "{root}/escape/secret.txt",
        "/etc",
    ],
)
def test_escapes_are_refused(tree: Path, spelling: str) -> None:
    with pytest.raises(PathRefused):
        confine(spelling.format(root=tree), [tree])


def test_relative_and_nul_are_refused(tree: Path) -> None:
    with pytest.raises(PathRefused, match="absolute"):
        confine("proj", [tree])
    with pytest.raises(PathRefused, match="NUL"):
        confine(f"{tree}/proj\x00", [tree])


def test_sibling_with_common_prefix_is_outside(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root-evil").mkdir()
    with pytest.raises(PathRefused):
        confine(tmp_path / "root-evil", [tmp_path / "root"])


@pytest.mark.parametrize(
    "relative",
    ["../outside/secret.txt", "/etc/passwd", "escape/secret.txt", "a/../../x", "", "a\\..\\b"],
)
def test_relative_names_cannot_escape(tree: Path, relative: str) -> None:
    with pytest.raises(PathRefused):
        confine_relative(relative, tree)


def test_relative_names_inside(tree: Path) -> None:
    assert confine_relative("proj/sub", tree) == (tree / "proj" / "sub").resolve()


@pytest.mark.parametrize(
    ("spelling", "mentions"),
    [
        ("{root}/" + "a" * 256, "component is too long: 256 bytes"),
        ("{root}/" + "\u00e9" * 128 + "/x", "component is too long: 256 bytes"),
        ("{root}/" + "/".join(["b" * 255] * 16), "path is too long"),
        ("{root}/\ud800", "lone surrogate"),
    ],
    ids=["component", "component-in-bytes", "whole", "surrogate"],
)
def test_paths_no_system_call_takes_are_malformed(tree: Path, spelling: str, mentions: str) -> None:
    """Refused before any system call could fail with ENAMETOOLONG (or not encode), and
    as malformed (a 400 in both services), not as a path outside the roots."""
    with pytest.raises(PathMalformed, match=mentions):
        confine(spelling.format(root=tree), [tree])
    with pytest.raises(PathMalformed, match=mentions):
        confine_relative(spelling.format(root="proj"), tree)


def test_the_longest_names_a_filesystem_takes_are_not_malformed(tree: Path) -> None:
    name = tree / "proj" / ("a" * 255)
    name.mkdir()
    assert confine(name, [tree]) == name.resolve()
