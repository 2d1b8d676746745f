"""`pilothouse search TEXT`: find words in every session's log, newest first.

Hits come grouped by session and phase, as `GET /api/search` answers; each names its
event's position, so `pilothouse follow SESSION` (or the web UI's link) finds it again.
Matched words are bold on a terminal, bracketed when the output is piped.
"""

from __future__ import annotations

import argparse
from typing import TextIO

import msgspec

from services.cli.api import Api
from services.cli.figures import local_time
from services.cli.outcome import EXIT_COMPLETED
from services.cli.style import Style, line_width, wants_color
from services.cli.unfenced import LABEL
from shared.contract.search import SearchGroup, SearchHit, SearchPage


def _snippet(hit: SearchHit, style: Style) -> str:
    parts = [
        (style(part.text, "bold", "yellow") if style.enabled else f"[{part.text}]")
        if part.match
        else part.text
        for part in hit.snippet
    ]
    return " ".join("".join(parts).split())


def _what(hit: SearchHit) -> str:
    what = hit.kind.value if hit.tool is None else f"{hit.kind.value} {hit.tool}"
    return f"{what} (error)" if hit.is_error else what


def _group(group: SearchGroup, style: Style, out: TextIO) -> None:
    phase = group.phase.value if group.phase is not None else "session"
    unfenced = style(f" · {LABEL}", "yellow") if group.session_unfenced else ""
    out.write(
        f"{style(group.session_slug, 'bold')} · {phase} · {group.project_slug}{unfenced}"
        f" — {group.session_title}\n"
    )
    width = line_width()
    for hit in group.hits:
        head = f"  #{hit.position}  {local_time(hit.created_at)}  {_what(hit)}"
        out.write(style(head, "dim") + "\n")
        text = _snippet(hit, style)
        # Clip plain output to the line; a coloured snippet keeps its codes whole.
        if not style.enabled and len(text) > width - 4:
            text = text[: width - 5] + "…"
        out.write(f"    {text}\n")


def arguments(sub: argparse.ArgumentParser) -> None:
    """The command line of `pilothouse search`."""
    sub.add_argument("text", help='what to find: words, "a phrase", or, -word')
    sub.add_argument("--project", help="only this project's sessions (slug or id)")
    sub.add_argument("--session", help="only this session (slug or id)")
    sub.add_argument("--kind", help="only these event kinds, comma-separated (text, tool_use, …)")
    sub.add_argument("--tool", help="only these tools' calls and results, comma-separated")
    sub.add_argument("--errors", action="store_true", help="only errors")
    sub.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    sub.add_argument("--cursor", help="the next page (as the last line said)")
    sub.add_argument("--json", action="store_true", help="print the answer as JSON")


def search(args: argparse.Namespace, api: Api, out: TextIO) -> int:
    """Print the hits of `args.text` (optionally in one project or session)."""
    page = api.search(
        args.text,
        project=args.project,
        session=args.session,
        kind=args.kind,
        tool=args.tool,
        errors=args.errors,
        limit=args.limit,
        cursor=args.cursor,
    )
    if args.json:
        out.write(msgspec.json.format(msgspec.json.encode(page)).decode() + "\n")
        return EXIT_COMPLETED
    _page(page, Style(wants_color(out, disabled=args.no_color)), out)
    return EXIT_COMPLETED


def _page(page: SearchPage, style: Style, out: TextIO) -> None:
    hits = sum(len(group.hits) for group in page.groups)
    if not hits:
        out.write(f"no matches for {page.query!r}\n")
        return
    for group in page.groups:
        _group(group, style, out)
    more = f"; more with --cursor {page.next}" if page.next is not None else ""
    out.write(f"{hits} {'match' if hits == 1 else 'matches'}{more}\n")
