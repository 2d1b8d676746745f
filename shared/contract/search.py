"""Search and log filters on the wire: what `GET /api/search` answers, and the filter
vocabulary it shares with the event pages (`GET /api/sessions/{ref}/events`).

A hit names its event exactly (session, agent, position), so a client opens the log at
it; its snippet comes in parts, the matched words marked, so no client parses markup.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from shared.contract.enums import AgentKind, EventKind

SEARCHABLE_KINDS: tuple[EventKind, ...] = (
    EventKind.TEXT,
    EventKind.THINKING,
    EventKind.USER,
    EventKind.TOOL_USE,
    EventKind.TOOL_RESULT,
    EventKind.RESULT,
    EventKind.ERROR,
    EventKind.STDERR,
    EventKind.SETUP_OUTPUT,
    EventKind.COMMIT,
)
"""The kinds with searchable text (`pilothouse_event_text`, migration 0009)."""

ERROR_KINDS: tuple[EventKind, ...] = (EventKind.ERROR, EventKind.STDERR)
"""Kinds that are errors by themselves; a tool result or a result is one when its
payload says `is_error`."""

MAX_QUERY_CHARS = 500
MAX_FILTER_VALUES = 20


class SnippetPart(msgspec.Struct, kw_only=True):
    """A piece of a snippet; `match` is true for a word the query matched."""

    text: str
    match: bool = False


class SearchHit(msgspec.Struct, kw_only=True):
    """One matching event: open `/sessions/{session}` at `position` (agent `agent_id`)."""

    position: int
    token: str
    """The event's feed token: `before`/`after` of the event pages load its neighbours."""
    kind: EventKind
    agent_id: int | None
    tool: str | None
    """The tool a tool call used (null for other kinds)."""
    is_error: bool
    created_at: datetime
    snippet: list[SnippetPart]


class SearchGroup(msgspec.Struct, kw_only=True):
    """Consecutive hits of one session and phase (`phase` null: the session's own events,
    such as setup output and commits)."""

    session_id: int
    session_slug: str
    session_title: str
    project_id: int
    project_slug: str
    phase: AgentKind | None
    hits: list[SearchHit]
    session_unfenced: bool = False
    """True: the session's agents ran without the agent fence (PILOTHOUSE_UNFENCED)."""


class SearchPage(msgspec.Struct, kw_only=True):
    """A page of hits, newest first, grouped; `next` is the `cursor` of the next page."""

    query: str
    groups: list[SearchGroup]
    next: str | None
