"""The suite's own layout rule: every test package is under the import contracts.

pyproject.toml's import-linter contracts name the test packages one by one (import-linter
has no "every subpackage but one"), so a new package would otherwise escape them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PYPROJECT = TESTS.parent / "pyproject.toml"


def _contract(name_start: str) -> dict[str, object]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    found: dict[str, object] = next(c for c in contracts if c["name"].startswith(name_start))
    return found


def _packages() -> set[str]:
    return {
        f"tests.{path.parent.name}"
        for path in TESTS.glob("*/__init__.py")
        if path.parent.name != "support"
    }


def test_every_test_package_is_protected_from_imports() -> None:
    protected = _contract("Nothing imports a module of a test package")["protected_modules"]
    assert isinstance(protected, list)
    assert {name.removesuffix(".*") for name in protected} >= _packages() - {"tests.bench"}


def test_every_test_package_sits_above_tests_support() -> None:
    layers = _contract("Test packages share helpers only through tests.support")["layers"]
    assert isinstance(layers, list)
    assert {name.strip() for name in layers[0].split("|")} == _packages()
    assert layers[1:] == ["tests.support"]


def test_every_test_directory_is_a_package() -> None:
    """Without __init__.py a directory is no package to the contracts (nor to mypy)."""
    directories = {p for p in TESTS.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert all((directory / "__init__.py").exists() for directory in directories)
