"""`python -m services.orchestrator.retention`: remove the events of old finished sessions.

Sessions completed, failed or cancelled longer ago than `--older-than` lose their events
(optionally archived first to gzip JSON Lines), all but their last `session_changed`.
Queued, running and interrupted sessions are never touched. It runs with the
writer's database settings (DATABASE_URL, else the embedded database), in short
transactions, and is safe to rerun, also after being killed. See docs/operations.md.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psycopg

from services.orchestrator.retention import horizons, worktrees
from services.orchestrator.retention.archive import archive_name, write_archive
from services.orchestrator.retention.args import PROG, Options, parse_args
from services.orchestrator.retention.horizons import Candidate, Conn, Round
from shared.contract.cursor import ORIGIN, Cursor
from shared.contract.events import EventView

ARCHIVE_PAGE = 1000


class RetentionError(Exception):
    """A run that cannot start or go on; the message is the one line the user sees."""


@dataclass
class Totals:
    sessions: int = 0
    events: int = 0
    archived_bytes: int = 0


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _age(age: timedelta) -> str:
    minutes = int(age.total_seconds()) // 60
    for unit, size in (("w", 7 * 24 * 60), ("d", 24 * 60), ("h", 60)):
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


def _pages(conn: Conn, round_: Round) -> Iterator[list[EventView]]:
    after = ORIGIN
    while page := horizons.rows_to_archive(conn, round_, after, ARCHIVE_PAGE):
        yield page
        after = Cursor(page[-1].position)


def _archive(conn: Conn, round_: Round, session: Candidate, directory: Path) -> tuple[str, int]:
    """Archive the round's rows unless an earlier run did; (what was done, bytes written)."""
    path = directory / archive_name(session.id, session.slug, round_.horizon)
    if path.exists():
        note = f"archive {path} kept from an earlier run"
        written = 0
    else:
        events, written = write_archive(path, _pages(conn, round_))
        note = f"{events} events archived ({_size(written)}) to {path}"
    horizons.set_archive(conn, session.id, str(path))
    return note, written


def _remove(conn: Conn, session: Candidate, options: Options, totals: Totals) -> str:
    round_ = horizons.begin_round(conn, session.id, options.older_than)
    if round_ is None:
        return "skipped: no longer finished long enough ago, or nothing settled to remove"
    notes = ["resuming an interrupted run"] if round_.resumed else []
    if options.archive_dir is not None:
        note, written = _archive(conn, round_, session, options.archive_dir)
        notes.append(note)
        totals.archived_bytes += written
    removed = 0
    while batch := horizons.delete_batch(conn, round_, options.batch_size):
        removed += batch
    horizons.finish_round(conn, session.id)
    totals.sessions += 1
    totals.events += removed
    return "; ".join([*notes, f"{removed} removed up to {round_.horizon.token}"])


def run(conninfo: str, options: Options, out: Callable[[str], None]) -> Totals:
    """One retention pass over the database at `conninfo` (the writer's)."""
    if options.archive_dir is not None and not options.dry_run:
        try:
            options.archive_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RetentionError(f"cannot use --archive-dir: {exc}") from None
    totals = Totals()
    with psycopg.connect(
        conninfo, autocommit=True, application_name="pilothouse-retention"
    ) as conn:
        if not horizons.try_lock(conn):
            raise RetentionError("another retention run is in progress on this database")
        found = horizons.candidates(conn, options.older_than)
        out(
            f"{len(found)} sessions finished over {_age(options.older_than)} ago"
            " have events to remove"
        )
        for session in found:
            head = (
                f"session {session.id} {session.slug}"
                f" ({session.status} {session.finished_at:%Y-%m-%d %H:%M})"
            )
            if options.dry_run:
                count, size = horizons.removable(conn, session.id)
                out(f"{head}: would remove {count} events ({_size(size)} in the table)")
                totals.sessions += 1
                totals.events += count
                continue
            out(f"{head}: {_remove(conn, session, options, totals)}")
    return totals


def main(argv: list[str] | None = None) -> None:
    from shared.config.settings import get_settings  # noqa: PLC0415
    from shared.db.database import resolve_database  # noqa: PLC0415  (may start the embedded one)

    options = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    settings = get_settings()

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        url = resolve_database(settings).url
        totals = run(url, options, say)
        if not options.keep_worktrees:
            worktrees.prune(url, settings, dry_run=options.dry_run, out=say)
    except RetentionError as exc:
        raise SystemExit(f"{PROG}: {exc}") from None
    except OSError as exc:
        # The archive could not be written (disk full, say): nothing of that session
        # was deleted yet, and a rerun starts its archive again.
        raise SystemExit(f"{PROG}: cannot write the archive: {exc}") from None
    except psycopg.errors.UndefinedTable:
        raise SystemExit(f"{PROG}: the database is not migrated; run `make migrate`") from None
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SystemExit(f"{PROG}: database error: {first}") from None
    took = time.monotonic() - started
    if options.dry_run:
        done = f"(dry run, nothing written): {totals.sessions} sessions, would remove"
        print(f"{PROG} {done} {totals.events} events, in {took:.1f} s", flush=True)
        return
    archived = _size(totals.archived_bytes)
    print(
        f"{PROG}: {totals.sessions} sessions, removed {totals.events} events,"
        f" {archived} archived, in {took:.1f} s",
        flush=True,
    )
