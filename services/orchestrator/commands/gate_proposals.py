"""The gates Pilothouse proposes for a project at registration, from what it has.

A `test` target in its Makefile, pytest or ruff configured in pyproject.toml (or ruff's
own file), a real `test` script in package.json. Proposals are stored disabled: the user
enables the ones that fit. Reading is best effort: a file that cannot be read or parsed
proposes nothing.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROPOSED_TIMEOUT = 600
_MAKE_TEST = re.compile(r"^test\s*:(?!=)", re.MULTILINE)
_NPM_PLACEHOLDER = "no test specified"


@dataclass(frozen=True)
class Proposal:
    name: str
    command: str


def _read(path: Path) -> str | None:
    try:
        return path.read_text(errors="replace") if path.is_file() else None
    except OSError:
        return None


def _pyproject(project: Path) -> dict[str, Any]:
    text = _read(project / "pyproject.toml")
    try:
        return tomllib.loads(text) if text else {}
    except tomllib.TOMLDecodeError:
        return {}


def _mentions(config: dict[str, Any], package: str) -> bool:
    """The package is configured (`[tool.<package>]`) or named among the dependencies."""
    if package in config.get("tool", {}):
        return True
    listed = [*config.get("project", {}).get("dependencies", [])]
    for group in config.get("project", {}).get("optional-dependencies", {}).values():
        listed += group
    for group in config.get("dependency-groups", {}).values():
        listed += [item for item in group if isinstance(item, str)]
    return any(re.match(rf"{package}\b", str(item)) for item in listed)


def _npm_test(project: Path) -> bool:
    try:
        scripts = json.loads(_read(project / "package.json") or "{}").get("scripts") or {}
    except (ValueError, AttributeError):
        return False
    test = scripts.get("test") if isinstance(scripts, dict) else None
    return isinstance(test, str) and _NPM_PLACEHOLDER not in test


def propose(project: Path) -> list[Proposal]:
    """The gates the project's files suggest, in the order they would run."""
    found: list[Proposal] = []
    config = _pyproject(project)
    runner = "uv run " if (project / "uv.lock").is_file() else ""
    if _mentions(config, "ruff") or (project / "ruff.toml").is_file():
        found.append(Proposal("ruff", f"{runner}ruff check ."))
    makefile = _read(project / "Makefile")
    if makefile is not None and _MAKE_TEST.search(makefile):
        found.append(Proposal("make test", "make test"))
    elif _mentions(config, "pytest"):
        found.append(Proposal("pytest", f"{runner}python -m pytest -q"))
    if _npm_test(project):
        found.append(Proposal("npm test", "npm test"))
    return found
