"""Retention archives: one gzip JSON Lines file per session round, written atomically.

Each line is one event exactly as the read service's API shows it
(shared.contract.events.EventView), in feed order. The file is written under a `.partial`
name, flushed to disk and renamed, before a single row is deleted: a run killed while
archiving leaves no file that looks complete, and a file that exists holds every row of
its round.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path

import msgspec

from shared.contract.cursor import Cursor
from shared.contract.events import EventView

_encoder = msgspec.json.Encoder()


def archive_name(session_id: int, slug: str, horizon: Cursor) -> str:
    """The file of one round: session, and the horizon its rows end at."""
    return f"session-{session_id}-{slug}-upto-{horizon.token}.jsonl.gz"


def write_archive(path: Path, pages: Iterable[list[EventView]]) -> tuple[int, int]:
    """Write every event of `pages` to `path`; returns (events, bytes of the file)."""
    partial = path.with_name(path.name + ".partial")
    events = 0
    with partial.open("wb") as raw:
        with gzip.GzipFile(filename=path.name.removesuffix(".gz"), fileobj=raw, mode="wb") as out:
            for page in pages:
                out.write(b"".join(_encoder.encode(view) + b"\n" for view in page))
                events += len(page)
        raw.flush()
        os.fsync(raw.fileno())
    os.replace(partial, path)
    _sync_directory(path.parent)
    return events, path.stat().st_size


def read_archive(path: Path) -> list[EventView]:
    """The events of an archive file, in order (for checks and restores)."""
    with gzip.open(path, "rb") as lines:
        return [msgspec.json.decode(line, type=EventView) for line in lines]


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
