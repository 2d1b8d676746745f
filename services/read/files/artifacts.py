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


MAX_LISTED = 2000
"""A listing walks at most this many entries (files and folders) below the artifact
directories; an agent that wrote more gets the first ones, not a slow page."""


def _walk(base: Path) -> list[str]:
    """Names below the artifact directories. A directory that is a symlink is never
    entered (it could lead anywhere: `context/` linked to /usr made one listing walk the
    filesystem for 26 s), and the walk stops after MAX_LISTED entries."""
    names: list[str] = []
    seen = 0
    for top in ARTIFACT_DIRS:
        start = base / top
        if start.is_symlink() or not start.is_dir():
            continue
        # followlinks=False (the default): linked folders below are listed, never entered.
        for folder, folders, files in os.walk(start):
            seen += len(folders) + len(files)
            rel_folder = Path(folder).relative_to(base).as_posix()
            names.extend(f"{rel_folder}/{name}" for name in files)
            if seen >= MAX_LISTED:
                return names[:MAX_LISTED]
    return names


def list_artifacts(directory: str) -> list[ArtifactEntry]:
    """Every artifact file present (at most MAX_LISTED), sorted by path; symlinks that
    lead out of the directory are left out."""
    base = Path(directory).resolve()
    if not base.is_dir():
        return []
    names = [name for name in ARTIFACT_FILES if (base / name).is_file()]
    names.extend(_walk(base))
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
