"""`pilothouse diff`: a session's changes as a unified diff or a `--stat` summary, and the
summary `run` prints when a session ends awaiting review.

Output is plain text a pager or `git apply` can take: colour only on a terminal (or with
`--color always`, for `| less -R`), no cursor movement, written as it is read.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from services.cli.api import Api
from services.cli.outcome import EXIT_COMPLETED, ClientError
from services.cli.style import Style, wants_color
from shared.contract.enums import AgentKind
from shared.contract.review import ChangeSet
from shared.contract.wire import SessionDetail

BAR = 40
"""Widest +/- bar of a `--stat` line."""


def diff_style(args: argparse.Namespace, out: TextIO) -> Style:
    choice = getattr(args, "color", "auto")
    if choice == "always":
        return Style(True)
    return Style(choice != "never" and wants_color(out, disabled=args.no_color))


def colour_line(line: str, style: Style) -> str:
    """One line of a unified diff, coloured as git colours it."""
    if line.startswith(("diff --git", "index ", "--- ", "+++ ", "new file", "deleted file")):
        return style(line, "bold")
    if line.startswith("@@"):
        return style(line, "cyan")
    if line.startswith("+"):
        return style(line, "green")
    if line.startswith("-"):
        return style(line, "red")
    if line.startswith("# pilothouse:"):
        return style(line, "yellow")
    return line


def write_diff(text: str, out: TextIO, style: Style) -> None:
    for line in text.splitlines():
        out.write(colour_line(line, style) + "\n")


def stat(changes: ChangeSet, style: Style) -> str:
    """git's `--stat`: one line per file with its +/- bar, then the totals."""
    if not changes.files:
        return "no changes\n"
    width = max(len(f.path) for f in changes.files)
    most = max((f.insertions + f.deletions for f in changes.files), default=1) or 1
    lines = []
    for f in changes.files:
        if f.binary:
            lines.append(f" {f.path.ljust(width)} | Bin")
            continue
        total = f.insertions + f.deletions
        scale = min(1.0, BAR / most)
        plus = round(f.insertions * scale) or (1 if f.insertions else 0)
        minus = round(f.deletions * scale) or (1 if f.deletions else 0)
        bar = style("+" * plus, "green") + style("-" * minus, "red")
        lines.append(f" {f.path.ljust(width)} | {total:>5} {bar}")
    count = len(changes.files)
    summary = (
        f" {count} file{'s' if count != 1 else ''} changed, {changes.insertions} insertions(+),"
        f" {changes.deletions} deletions(-)"
    )
    return "\n".join([*lines, summary]) + "\n"


def _agents_of(detail: SessionDetail, phase: AgentKind) -> list[int]:
    return [agent.id for agent in detail.agents if agent.kind is phase]


def diff(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse diff SESSION [--phase P | --agent ID] [--stat]`."""
    style = diff_style(args, out)
    detail = api.session(args.session)
    session = detail.session
    if not session.isolated:
        raise ClientError(
            f"session {session.slug} ran in place (not isolated): its changes were made in"
            " the project directly, so Pilothouse has no diff of them"
        )
    agents = {agent.id: agent for agent in detail.agents}
    if getattr(args, "agent", None) is not None:
        if args.agent not in agents:
            raise ClientError(f"agent {args.agent} is not an agent of session {session.slug}")
        scopes: list[int | None] = [args.agent]
    elif args.phase is None:
        scopes = [None]
    else:
        scopes = list(_agents_of(detail, AgentKind(args.phase)))
        if not scopes:
            raise ClientError(f"session {session.slug} has no {args.phase} agent")
    shown = 0
    for agent in scopes:
        changes = api.changes(session.id, agent)
        if agent is not None:
            if changes.to_commit is None:
                continue
            ran = agents[agent]
            label = f"{ran.round.value} round" if ran.round else f"{ran.kind.value} agent"
            header = f"commit {changes.to_commit[:12]} · {label} {agent}"
            out.write(style(header, "yellow") + "\n")
        shown += 1
        if args.stat:
            out.write(stat(changes, style))
        else:
            write_diff(api.diff(session.id, agent), out, style)
    if shown == 0:
        what = f"the {args.phase} phase" if args.phase else f"agent {args.agent}"
        out.write(f"{what} changed no file\n")
    return EXIT_COMPLETED


def review_summary(api: Api, detail: SessionDetail, out: TextIO, style: Style) -> None:
    """After a run that ends awaiting review: what changed, and how to approve it."""
    session = detail.session
    changes = api.changes(session.id)
    base = session.base_ref or (session.base_commit or "")[:12]
    out.write(style(f"\nchanges on {session.branch} (from {base}):", "bold") + "\n")
    out.write(stat(changes, style))
    out.write(f"  review:   pilothouse diff {session.slug}\n")
    out.write(style(f"  approve:  pilothouse approve {session.slug}", "bold", "green") + "\n")
    out.write(f"  or:       pilothouse discard {session.slug} | keep {session.slug}\n")
