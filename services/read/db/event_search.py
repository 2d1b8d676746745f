"""Full-text search over every session's log: newest hits first, keyset by position.

The inner query finds the page of matching positions (the GIN index of
`events.search_vector`, or a session's index walked backwards when the planner prefers
it); only those rows get a `ts_headline` snippet, over the same text the vector was
made from (`pilothouse_event_text`, migration 0009), and their session, project and
phase. The snippet's matches are marked with two control characters and split into
parts here, so no client parses markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from psycopg import AsyncConnection, sql

from services.read.db.log_filters import QUERY, LogFilter
from shared.contract.enums import AgentKind, EventKind
from shared.contract.refs import ref_id
from shared.contract.search import SearchGroup, SearchHit, SnippetPart
from shared.db.event_rows import Row

_START, _STOP = "\x02", "\x03"
_HEADLINE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, ShortWord=2"


class Scope(NamedTuple):
    """Where to search: a project, a session (each an id or a slug), a time range."""

    project: str | None = None
    session: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _entity(column: str, table: str, ref: str) -> tuple[sql.Composable, object]:
    by = "id" if ref_id(ref) is not None else "slug"
    value: object = ref_id(ref) if by == "id" else ref
    condition = sql.SQL(" AND {} = (SELECT id FROM {} WHERE {} = %s)").format(
        sql.Identifier(column), sql.Identifier(table), sql.Identifier(by)
    )
    return condition, value


def _scope(scope: Scope) -> tuple[sql.Composable, tuple[object, ...]]:
    parts: list[sql.Composable] = []
    params: list[object] = []
    for column, table, ref in (
        ("project_id", "projects", scope.project),
        ("session_id", "sessions", scope.session),
    ):
        if ref is not None:
            condition, value = _entity(column, table, ref)
            parts.append(condition)
            params.append(value)
    for bound, comparison in ((scope.since, ">="), (scope.until, "<")):
        if bound is not None:
            parts.append(sql.SQL(f" AND created_at {comparison} %s"))
            params.append(bound)
    return sql.Composed(parts), tuple(params)


def search_query(
    words: str, scope: Scope, filters: LogFilter, before: int | None, limit: int
) -> tuple[sql.Composed, tuple[object, ...]]:
    """The statement and its parameters (the benchmark runs the very same one bare)."""
    where, where_params = filters._replace(words=words).condition()
    scoped, scope_params = _scope(scope)
    page = sql.SQL(" AND position < %s") if before is not None else sql.SQL("")
    query = sql.SQL(
        "WITH hits AS (SELECT position, session_id, agent_id, kind, payload, created_at"
        " FROM events WHERE session_id IS NOT NULL{where}{scoped}{page}"
        " ORDER BY position DESC LIMIT %s)"
        " SELECT h.position, h.session_id, s.slug, s.title, s.project_id, p.slug, a.kind,"
        " h.agent_id, h.kind, h.created_at,"
        " CASE WHEN h.kind = 'tool_use' THEN h.payload ->> 'name' END,"
        " coalesce((h.payload ->> 'is_error')::boolean, h.kind IN ('error', 'stderr')),"
        " ts_headline('english'::regconfig, pilothouse_event_text(h.kind, h.payload),"
        " {query}, %s), s.unfenced"
        " FROM hits h JOIN sessions s ON s.id = h.session_id"
        " JOIN projects p ON p.id = s.project_id LEFT JOIN agents a ON a.id = h.agent_id"
        " ORDER BY h.position DESC"
    ).format(where=where, scoped=scoped, page=page, query=QUERY)
    bound = () if before is None else (before,)
    params = (*where_params, *scope_params, *bound, limit, words, _HEADLINE_OPTIONS)
    return query, params


def snippet(headline: str) -> list[SnippetPart]:
    """The headline's text in parts, the marked words as matches."""
    first, *rest = headline.split(_START)
    parts = [SnippetPart(text=first)] if first else []
    for piece in rest:
        matched, _, after = piece.partition(_STOP)
        if matched:
            parts.append(SnippetPart(text=matched, match=True))
        if after:
            parts.append(SnippetPart(text=after))
    return parts


def _hit(row: Row) -> SearchHit:
    return SearchHit(
        position=row[0],
        token=str(row[0]),
        kind=EventKind(row[8]),
        agent_id=row[7],
        tool=row[10],
        is_error=bool(row[11]),
        created_at=row[9],
        snippet=snippet(row[12] or ""),
    )


def grouped(rows: list[Row]) -> list[SearchGroup]:
    """Hits grouped by session and phase, groups in the order of their newest hit."""
    groups: dict[tuple[int, str | None], SearchGroup] = {}
    for row in rows:
        key = (row[1], row[6])
        group = groups.get(key)
        if group is None:
            phase = AgentKind(row[6]) if row[6] is not None else None
            group = groups[key] = SearchGroup(
                session_id=row[1],
                session_slug=row[2],
                session_title=row[3],
                project_id=row[4],
                project_slug=row[5],
                phase=phase,
                hits=[],
                session_unfenced=row[13],
            )
        group.hits.append(_hit(row))
    return list(groups.values())


async def search(
    conn: AsyncConnection[Row],
    words: str,
    scope: Scope,
    filters: LogFilter,
    *,
    before: int | None,
    limit: int,
) -> list[Row]:
    """Up to `limit` matching rows (newest first) before position `before`."""
    query, params = search_query(words, scope, filters, before, limit)
    cursor = await conn.execute(query, params)
    return await cursor.fetchall()
