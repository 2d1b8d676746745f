"""The read side's queries of checks and conversation: a project's gates, a session's
gate results and review comments. SELECT only."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from psycopg import AsyncConnection

from shared.contract.checks import CommentView, GateResultView, GateView
from shared.db.event_rows import Row

V = TypeVar("V", bound=msgspec.Struct)


async def _all(
    conn: AsyncConnection[Row], view: type[V], query: str, params: tuple[Any, ...]
) -> list[V]:
    names = [field.name for field in msgspec.structs.fields(view)]
    cursor = await conn.execute(f"SELECT {', '.join(names)} {query}", params)
    return [
        msgspec.convert(dict(zip(names, row, strict=True)), view) for row in await cursor.fetchall()
    ]


async def gates(conn: AsyncConnection[Row], project_id: int) -> list[GateView]:
    """A project's gates in the order they run."""
    query = "FROM gates WHERE project_id = %s ORDER BY position, id"
    return await _all(conn, GateView, query, (project_id,))


async def results(conn: AsyncConnection[Row], session_id: int) -> list[GateResultView]:
    """A session's gate results, oldest first."""
    query = "FROM gate_results WHERE session_id = %s ORDER BY id"
    return await _all(conn, GateResultView, query, (session_id,))


async def comments(conn: AsyncConnection[Row], session_id: int) -> list[CommentView]:
    """A session's review comments, by file, then line, then age."""
    query = "FROM review_comments WHERE session_id = %s ORDER BY path, line_start, id"
    return await _all(conn, CommentView, query, (session_id,))
