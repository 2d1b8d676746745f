"""Conditions on log events that a person picks: kinds, tools, errors only, and words.

Shared by the search (services/read/db/event_search.py) and the event pages
(event_filters.py), so a filtered log and a search agree on what matches. Words match
the generated `search_vector` (migration 0009) through its GIN index, parsed with
`websearch_to_tsquery`, which accepts anything a person types (quotes, `or`, `-word`)
and never fails on syntax.
"""

from __future__ import annotations

from typing import NamedTuple

from psycopg import AsyncConnection, sql

from shared.contract.search import ERROR_KINDS
from shared.db.event_rows import Row

QUERY = sql.SQL("websearch_to_tsquery('english'::regconfig, %s)")
"""The tsquery of what a person typed (the search vector's configuration)."""

_KINDS = sql.SQL("kind = ANY(%s)")
# A tool result does not name its tool: it answers the call with its tool_use_id, found
# through ix_events_tool_use (tool use ids are unique per session, not across sessions).
_TOOLS = sql.SQL(
    "((kind = 'tool_use' AND payload ->> 'name' = ANY(%s))"
    " OR (kind = 'tool_result' AND EXISTS (SELECT 1 FROM events call"
    " WHERE call.kind = 'tool_use' AND (call.payload ->> 'tool_use_id')"
    " = (events.payload ->> 'tool_use_id') AND call.session_id = events.session_id"
    " AND call.payload ->> 'name' = ANY(%s))))"
)
_ERRORS = sql.SQL(
    "(kind IN ({}) OR (kind IN ('tool_result', 'result') AND (payload ->> 'is_error')::boolean))"
).format(sql.SQL(", ").join(sql.Literal(kind.value) for kind in ERROR_KINDS))
_WORDS = sql.SQL("search_vector @@ ") + QUERY


class LogFilter(NamedTuple):
    """What to keep; an empty filter keeps everything."""

    kinds: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    errors: bool = False
    words: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.tools or self.errors or self.words)

    @property
    def shape(self) -> str:
        """Which conditions apply (the SQL differs only by these; values are parameters)."""
        flags = (bool(self.kinds), bool(self.tools), self.errors, self.words is not None)
        return "".join(letter for letter, on in zip("ktew", flags, strict=True) if on)

    def condition(self) -> tuple[sql.Composable, tuple[object, ...]]:
        """` AND …` for each condition (empty when none), and their parameters in order."""
        parts: list[sql.Composable] = []
        params: list[object] = []
        if self.kinds:
            parts.append(_KINDS)
            params.append(list(self.kinds))
        if self.tools:
            parts.append(_TOOLS)
            params += [list(self.tools), list(self.tools)]
        if self.errors:
            parts.append(_ERRORS)
        if self.words is not None:
            parts.append(_WORDS)
            params.append(self.words)
        return sql.Composed([sql.SQL(" AND ") + part for part in parts]), tuple(params)


async def searchable(conn: AsyncConnection[Row], words: str) -> bool:
    """Whether the words hold anything to search for (stop words like 'the' do not)."""
    cursor = await conn.execute(sql.SQL("SELECT numnode({})").format(QUERY), (words,))
    row = await cursor.fetchone()
    return row is not None and int(row[0]) > 0
