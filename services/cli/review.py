"""The review commands: approve, discard, keep and prune; and the worktrees in use.

Each sends one command and prints what it did in one or two lines. A refusal (409) is a
ClientError naming the files involved, exit code 5, like every refused command.
"""

from __future__ import annotations

import argparse
import re
from typing import TextIO

from services.cli.api import Api
from services.cli.commands import table
from services.cli.outcome import EXIT_COMPLETED
from shared.contract.enums import MergeStrategy
from shared.contract.review import Approve, PruneWorktrees

_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def age_seconds(text: str) -> int:
    """`7d`, `12h`, `90m`, `2w` (or `0` for any age) in seconds."""
    match = re.fullmatch(r"([0-9]{1,6})([mhdw])?", text.strip())
    if match is None or (match.group(2) is None and match.group(1) != "0"):
        raise argparse.ArgumentTypeError(f"{text!r} is not an age like 7d, 12h, 90m or 2w")
    return int(match.group(1)) * _UNITS[match.group(2) or "m"]


def size(count: int | None) -> str:
    """`12.3 MB`, `840 kB`, `—` when unknown."""
    if count is None:
        return "—"
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def approve(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse approve SESSION [--squash|--merge|--rebase] [-m MSG]`."""
    strategy = MergeStrategy(args.strategy)
    command = Approve(strategy=strategy, message=args.message, override_checks=args.override_checks)
    done = api.approve(args.session, command)
    commit = (done.merged_commit or "")[:12]
    out.write(f"merged {done.slug} into {done.base_ref} ({strategy.value}): now at {commit}\n")
    return EXIT_COMPLETED


def discard(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse discard SESSION`: remove its worktree and branch, unmerged."""
    done = api.discard(args.session)
    out.write(f"discarded {done.slug}: its worktree and branch are removed\n")
    return EXIT_COMPLETED


def keep(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse keep SESSION`: remove its worktree, keep its branch."""
    done = api.keep(args.session)
    out.write(f"kept {done.slug}: branch {done.branch} stays, its worktree is removed\n")
    return EXIT_COMPLETED


def prune(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse prune [--older-than AGE] [--dry-run]`."""
    report = api.prune(PruneWorktrees(older_than_seconds=args.older_than, dry_run=args.dry_run))
    if report.worktrees:
        rows = [
            [w.slug, w.status.value, size(w.bytes), w.action.replace("_", " "), w.reason]
            for w in report.worktrees
        ]
        out.write(table(["SESSION", "STATUS", "SIZE", "ACTION", "WHY"], rows))
        for w in report.worktrees:
            if w.committed:
                out.write(f"{w.slug}: uncommitted changes committed as {w.committed[:12]}\n")
    else:
        out.write("no worktrees\n")
    freed = "would free" if args.dry_run else "freed"
    out.write(
        f"{freed} {size(report.freed_bytes)}; worktrees left use {size(report.remaining_bytes)}\n"
    )
    return EXIT_COMPLETED


def worktrees(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse worktrees`: every session's worktree and its size (as last measured)."""
    usage = api.worktrees()
    if not usage.worktrees:
        out.write("no worktrees\n")
        return EXIT_COMPLETED
    rows = [[w.slug, w.status.value, size(w.bytes), w.path] for w in usage.worktrees]
    out.write(table(["SESSION", "STATUS", "SIZE", "PATH"], rows))
    out.write(f"total {size(usage.total_bytes)}\n")
    return EXIT_COMPLETED
