"""A session's artifacts on the filesystem, served read-only and confined to its directory.

Only the files agents produce are served: `spec.md`, `plan.json`, `state.json` and the
files under `context/`, `debug/` and `research/`. Every path goes through
shared.config.paths, which resolves `..` and symlinks before checking containment.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from shared.config.paths import PathRefused, confine_relative
from shared.contract.read_views import ArtifactEntry

ARTIFACT_FILES = ("spec.md", "plan.json", "state.json")
ARTIFACT_DIRS = ("context", "debug", "research")

_SAFE_MEDIA_TYPES = {
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


class NoSuchArtifact(LookupError):
    """Not an artifact name, or no such file."""


def is_artifact_name(relative: str) -> bool:
    """True for the names agents produce (before any resolving)."""
    return relative in ARTIFACT_FILES or any(
        relative.startswith(f"{directory}/") for directory in ARTIFACT_DIRS
    )


def media_type(path: Path) -> str:
    """What to label a file as. Anything that a browser could run (HTML, SVG, scripts)
    goes out as plain text, so an artifact cannot act inside the UI's origin."""
    return _SAFE_MEDIA_TYPES.get(path.suffix.lower(), "text/plain; charset=utf-8")


def artifact_file(directory: str, relative: str) -> Path:
    """The real path of one artifact. Raises PathRefused for escapes, NoSuchArtifact
    for names that are not artifacts or files that do not exist."""
    base = Path(directory).resolve()
    path = confine_relative(relative, base)
    if not is_artifact_name(relative):
        raise NoSuchArtifact(f"not an artifact: {relative!r}")
    if not path.is_file():
        raise NoSuchArtifact(f"no artifact {relative!r}")
    return path


def list_artifacts(directory: str) -> list[ArtifactEntry]:
    """Every artifact file present, sorted by path; escaping symlinks are left out."""
    base = Path(directory).resolve()
    if not base.is_dir():
        return []
    names = [name for name in ARTIFACT_FILES if (base / name).is_file()]
    for top in ARTIFACT_DIRS:
        for folder, _, files in os.walk(base / top):
            rel_folder = Path(folder).relative_to(base).as_posix()
            names.extend(f"{rel_folder}/{name}" for name in files)
    entries = []
    for name in sorted(names):
        try:
            path = confine_relative(name, base)
            stat = path.stat()
        except (PathRefused, OSError):
            continue
        modified = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
        entries.append(ArtifactEntry(path=name, size=stat.st_size, modified=modified))
    return entries
