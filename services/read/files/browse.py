"""Directory browsing for project onboarding, confined to the allowed roots.

A requested path is resolved (symlinks, `..`) before it is checked against the roots,
and entries whose real location lies outside them (escaping symlinks) are not listed.
"""

from __future__ import annotations

import os
from pathlib import Path

from shared.config.paths import PathRefused, confine, refuse_private
from shared.contract.read_views import BrowseEntry, BrowseListing

MAX_ENTRIES = 2000
"""A listing stops here; a directory this large is not where a project is picked."""


def _entry(path: Path, name: str) -> BrowseEntry:
    is_dir = path.is_dir()
    return BrowseEntry(
        name=name, path=str(path), is_dir=is_dir, is_git=is_dir and (path / ".git").exists()
    )


def browse(path: str | None, roots: tuple[Path, ...], data_dir: Path) -> BrowseListing:
    """The roots (no path), or one directory's visible entries, directories first.

    Raises PathRefused outside the roots, for hidden directories and for the data
    directory; NotADirectoryError or FileNotFoundError for a path that is not a directory.
    """
    root_names = [str(root) for root in roots]
    if path is None:
        entries = [_entry(root, str(root)) for root in roots]
        return BrowseListing(path=None, parent=None, roots=root_names, entries=entries)
    directory = refuse_private(confine(path, roots), roots, data_dir=data_dir, refuse_home=False)
    if not directory.is_dir():
        raise NotADirectoryError(f"not a directory: {path!r}")
    entries = []
    with os.scandir(directory) as listing:
        for item in listing:
            if item.name.startswith("."):
                continue
            try:
                real = confine(item.path, roots)
                refuse_private(real, roots, data_dir=data_dir, refuse_home=False)
            except (PathRefused, OSError):
                continue
            entries.append(_entry(real if item.is_symlink() else Path(item.path), item.name))
    entries.sort(key=lambda entry: (not entry.is_dir, entry.name.casefold()))
    parent = None if directory in roots else str(directory.parent)
    return BrowseListing(
        path=str(directory), parent=parent, roots=root_names, entries=entries[:MAX_ENTRIES]
    )
