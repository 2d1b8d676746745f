"""`pilothouse export`: a session's whole transcript, as JSON Lines or Markdown.

JSON Lines holds one `EventView` per line, exactly as the read service serves it (and
as the `events` table holds it), in feed order; Markdown is for people (markdown.py).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TextIO

import msgspec

from services.cli.api import Api
from services.cli.follow import retained_after
from services.cli.markdown import MarkdownTranscript
from shared.contract.cursor import ORIGIN
from shared.contract.events import EventView

FORMATS = ("jsonl", "markdown")


def session_events(api: Api, session_id: int, after: str = ORIGIN.token) -> Iterator[EventView]:
    """Every event of the session the read service shows after `after`, page by page."""
    while True:
        page = api.events(session_id, after=after)
        yield from page.items
        if page.next is None:
            return
        after = page.next


def export_session(api: Api, ref: str, form: str, out: TextIO) -> None:
    """Write the transcript of session `ref` (id or slug) to `out` in format `form`."""
    detail = api.session(ref)
    start, remark = retained_after(detail, ORIGIN.token)
    if remark is not None:
        print(f"pilothouse: {remark}", file=sys.stderr, flush=True)
    events = session_events(api, detail.session.id, start)
    if form == "jsonl":
        encoder = msgspec.json.Encoder()
        for event in events:
            out.write(encoder.encode(event).decode() + "\n")
    else:
        out.write(MarkdownTranscript(detail).document(events))
    out.flush()
