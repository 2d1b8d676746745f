"""The one-shot commands: list projects and sessions, register a project, cancel, export.

Each takes the parsed arguments and the open `Api`, writes to `out`, and returns the
exit code; following a session is in watch.py.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import msgspec

from services.cli.api import Api
from services.cli.export import export_session
from services.cli.figures import local_time, money
from services.cli.outcome import EXIT_COMPLETED, ClientError
from services.cli.unfenced import HOW_TO_FENCE, LABEL, MEANING
from shared.contract.enums import Supervision
from shared.contract.wire import RegisterProject, SessionView


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns, two spaces apart, under a header row."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [headers, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _json(out: TextIO, value: object) -> None:
    out.write(msgspec.json.format(msgspec.json.encode(value)).decode() + "\n")


def projects(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse projects`: registered projects by name."""
    found = api.projects(archived=args.archived)
    if args.json:
        _json(out, found)
    elif not found:
        out.write("no projects yet: register one with `pilothouse add PATH`\n")
    else:
        rows = [
            [p.slug, p.status.value, p.path, "archived" if p.archived_at else ""] for p in found
        ]
        out.write(table(["PROJECT", "STATUS", "PATH", ""], rows))
    return EXIT_COMPLETED


def _status(session: SessionView) -> str:
    """The status with what the user must know of it: it waits for them, it ran unfenced."""
    notes = ["needs you"] if session.pending_requests else []
    notes += [LABEL] if session.unfenced else []
    return session.status.value + (f" ({', '.join(notes)})" if notes else "")


def sessions(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse sessions`: the newest sessions, optionally of a project or in a status."""
    found = api.sessions(project=args.project, status=args.status, limit=args.limit)
    if args.json:
        _json(out, found)
        return EXIT_COMPLETED
    if not found:
        out.write("no sessions match\n")
        return EXIT_COMPLETED
    slugs = {project.id: project.slug for project in api.projects(archived=True)}
    rows = [
        [
            str(s.id),
            s.slug,
            _status(s),
            s.current_phase.value if s.current_phase else "",
            s.checks.value if s.checks else "",
            slugs.get(s.project_id, str(s.project_id)),
            money(s.cost_usd),
            local_time(s.created_at),
        ]
        for s in found
    ]
    headers = ["ID", "SESSION", "STATUS", "PHASE", "CHECKS", "PROJECT", "COST", "CREATED"]
    out.write(table(headers, rows))
    if any(s.unfenced for s in found):
        out.write(f"{LABEL}: {MEANING};\n  {HOW_TO_FENCE}\n")
    return EXIT_COMPLETED


def add(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse add PATH`: register a directory as a project."""
    path = Path(args.path).expanduser().resolve()
    command = RegisterProject(
        path=str(path), name=args.name, slug=args.slug, description=args.description,
        supervision=Supervision.SUPERVISED if args.supervised else None,
    )  # fmt: skip
    project = api.register(command)
    out.write(f"registered {project.slug} ({project.path}), {project.status.value}\n")
    proposed = [gate.name for gate in api.gates(project.slug) if gate.proposed]
    if proposed:
        out.write(f"proposed gates (off until enabled): {', '.join(proposed)}\n")
        out.write(f"  enable one:  pilothouse gates enable {project.slug} NAME\n")
    return EXIT_COMPLETED


def cancel(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse cancel SESSION`: stop a queued or running session."""
    accepted = api.cancel(args.session)
    if accepted.status == "running":
        out.write(f"cancelling {accepted.slug}: its agent stops within seconds\n")
    else:
        out.write(f"{accepted.slug} is {accepted.status}\n")
    return EXIT_COMPLETED


def export(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """`pilothouse export SESSION`: the whole transcript to stdout or a file."""
    if args.output is None:
        export_session(api, args.session, args.format, out)
        return EXIT_COMPLETED
    # Written aside and renamed, so a failed export never leaves half a transcript.
    destination = Path(args.output)
    partial = destination.with_name(destination.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as target:
            export_session(api, args.session, args.format, target)
        partial.replace(destination)
    except OSError as exc:
        raise ClientError(f"cannot write {args.output}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)
    return EXIT_COMPLETED
