"""`python -m services.orchestrator.retention`: remove the events of old finished sessions.

Sessions completed, failed or cancelled longer ago than `--older-than` lose their events
(optionally archived first to gzip JSON Lines), all but their last `session_changed`.
Queued, running, waiting and interrupted sessions are never touched. It runs with the
writer's database settings (DATABASE_URL, else the embedded database), in short
transactions, and is safe to rerun, also after being killed. See docs/operations.md.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

import psycopg

from services.orchestrator import horizons
from services.orchestrator.archive import archive_name, write_archive
from services.orchestrator.horizons import Candidate, Conn, Round
from shared.cursor import ORIGIN, Cursor
from shared.wire import EventView

PROG = "pilothouse retention"
MIN_AGE = timedelta(hours=1)
"""Younger rows might not have reached every read service's feed yet; 30d is the norm."""
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ARCHIVE_PAGE = 1000


class RetentionError(Exception):
    """A run that cannot start or go on; the message is the one line the user sees."""


@dataclass(frozen=True)
class Options:
    older_than: timedelta
    archive_dir: Path | None
    dry_run: bool
    batch_size: int


@dataclass
class Totals:
    sessions: int = 0
    events: int = 0
    archived_bytes: int = 0


def parse_age(text: str) -> timedelta:
    """`30d`, `12h`, `90m`, `2w`: at least an hour."""
    match = re.fullmatch(r"([0-9]{1,6})([mhdw])", text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an age like 30d, 12h, 90m or 2w")
    age = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if age < MIN_AGE:
        raise argparse.ArgumentTypeError(f"{text!r} is less than the minimum of 1h")
    return age


def _batch_size(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number from 1 to 100000")
    return int(text)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, not argparse's usage block: `pilothouse retention: <what is wrong>`."""
        self.exit(2, f"{PROG}: {message} (see --help)\n")


def parse_args(argv: list[str]) -> Options:
    parser = _Parser(
        prog="python -m services.orchestrator.retention",
        description="Remove the events of sessions completed, failed or cancelled longer ago"
        " than AGE (all but each one's last session_changed); see docs/operations.md.",
    )
    parser.add_argument(
        "--older-than",
        type=parse_age,
        required=True,
        metavar="AGE",
        help="how long ago a session must have finished: 30d, 12h, 90m, 2w (at least 1h)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--archive-dir",
        type=Path,
        metavar="DIR",
        help="first write each session's events to DIR/session-<id>-<slug>-upto-<token>.jsonl.gz",
    )
    where.add_argument("--no-archive", action="store_true", help="delete without archiving")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument(
        "--batch-size",
        type=_batch_size,
        default=1000,
        metavar="N",
        help="events deleted per transaction (default 1000)",
    )
    args = parser.parse_args(argv)
    if not args.dry_run and args.archive_dir is None and not args.no_archive:
        parser.error("give --archive-dir DIR, or --no-archive to delete without archiving")
    return Options(args.older_than, args.archive_dir, args.dry_run, args.batch_size)


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
        after = Cursor(page[-1].xid, page[-1].id)


def _archive(conn: Conn, round_: Round, session: Candidate, directory: Path) -> tuple[str, int]:
    """Archive the round's rows unless an earlier run did; (what was done, bytes written)."""
    path = directory / archive_name(session.id, session.slug, round_.horizon)
    if path.exists():
        note = f"archive {path} kept from an earlier run"
        written = 0
    else:
        events, written = write_archive(path, _pages(conn, round_))
        note = f"{events} archived ({_size(written)}) to {path}"
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
    from shared.database import resolve_database  # noqa: PLC0415  (may start the embedded one)
    from shared.settings import get_settings  # noqa: PLC0415

    options = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    try:
        totals = run(
            resolve_database(get_settings()).url, options, lambda line: print(line, flush=True)
        )
    except RetentionError as exc:
        raise SystemExit(f"{PROG}: {exc}") from None
    except psycopg.errors.UndefinedTable:
        raise SystemExit(f"{PROG}: the database is not migrated; run `make migrate`") from None
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SystemExit(f"{PROG}: database error: {first}") from None
    verb = "would remove" if options.dry_run else "removed"
    print(
        f"{PROG}{' (dry run, nothing written)' if options.dry_run else ''}: {totals.sessions}"
        f" sessions, {verb} {totals.events} events, {_size(totals.archived_bytes)} archived,"
        f" in {time.monotonic() - started:.1f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()
