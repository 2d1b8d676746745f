"""Response bodies only the read service returns (the shared views are in shared/wire.py)."""

from __future__ import annotations

from datetime import datetime

import msgspec


class ArtifactEntry(msgspec.Struct, kw_only=True):
    """A file of a session's artifact directory; `path` is relative to it."""

    path: str
    size: int
    modified: datetime


class BrowseEntry(msgspec.Struct, kw_only=True):
    name: str
    path: str
    is_dir: bool
    is_git: bool
    """A directory with a `.git` inside: a likely project."""


class BrowseListing(msgspec.Struct, kw_only=True):
    """One directory under the allowed roots; without `path`, the roots themselves."""

    path: str | None
    parent: str | None
    """The directory above, or null at a root."""
    roots: list[str]
    entries: list[BrowseEntry]


class FeedStatus(msgspec.Struct, kw_only=True):
    token: str | None
    """The tailer's position (null until it has connected once)."""
    listening: bool


class Health(msgspec.Struct, kw_only=True):
    status: str
    """'ok', or 'degraded' when the database or the feed is down."""
    database: str
    feed: FeedStatus


class UiConfig(msgspec.Struct, kw_only=True):
    orchestrator_url: str
    version: str
