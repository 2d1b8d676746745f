"""The retention command's arguments: parsed into Options, or one line saying what is wrong."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import NoReturn

PROG = "pilothouse retention"
MIN_AGE = timedelta(hours=1)
"""Younger rows might not have reached every read service's feed yet; 30d is the norm."""
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class Options:
    older_than: timedelta
    archive_dir: Path | None
    dry_run: bool
    batch_size: int
    keep_worktrees: bool = False


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
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 100_000:
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
    parser.add_argument(
        "--keep-worktrees",
        action="store_true",
        help="skip pruning worktrees of sessions stopped PILOTHOUSE_WORKTREE_RETENTION_DAYS ago",
    )
    args = parser.parse_args(argv)
    if not args.dry_run and args.archive_dir is None and not args.no_archive:
        parser.error("give --archive-dir DIR, or --no-archive to delete without archiving")
    return Options(
        args.older_than, args.archive_dir, args.dry_run, args.batch_size, args.keep_worktrees
    )
