"""The read side's queries of projects, sessions and agents: plain SQL, SELECT only.

Entity snapshots carry the feed token they are consistent with, the feed counter as
their snapshot sees it: every change event at or below it is reflected in what they
show, and none above it is (positions commit in order, and a transaction's rows and its
positions commit together). A list is one statement (a statement reads one
snapshot, and pg_current_snapshot() inside it is that snapshot); the session detail,
three statements, runs in one REPEATABLE READ READ ONLY transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar

import msgspec
import psycopg
from psycopg import AsyncConnection, sql
from psycopg_pool import AsyncConnectionPool

from shared.contract.cursor import Cursor
from shared.contract.refs import ref_id
from shared.contract.wire import AgentView, ProjectView, RetentionView, SessionView
from shared.db.event_rows import Row
from shared.db.feed_positions import FEED_END

V = TypeVar("V", bound=msgspec.Struct)


class _Shape:
    """A view's column names and SELECT list, computed once: msgspec.structs.fields
    evaluates the annotations on every call."""

    def __init__(self, view: type[msgspec.Struct]) -> None:
        self.names = tuple(field.name for field in msgspec.structs.fields(view))
        self.columns = sql.SQL(", ").join(sql.Identifier(name) for name in self.names)


_SHAPES: dict[type[msgspec.Struct], _Shape] = {
    view: _Shape(view) for view in (ProjectView, SessionView, AgentView)
}


def _columns(view: type[msgspec.Struct]) -> sql.Composed:
    return _SHAPES[view].columns


@asynccontextmanager
async def snapshot(pool: AsyncConnectionPool) -> AsyncIterator[tuple[AsyncConnection[Row], str]]:
    """A connection in a consistent read-only snapshot, and the feed token it matches."""
    async with pool.connection() as conn:
        # One BEGIN with the characteristics: a round trip less than BEGIN + SET TRANSACTION.
        await conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor = await conn.execute("SELECT " + FEED_END)
            row = await cursor.fetchone()
            assert row is not None
            yield conn, Cursor(int(row[0])).token
        finally:
            # Read-only: ending it either way is the same; a broken connection is the pool's.
            with contextlib.suppress(psycopg.Error):
                await conn.execute("COMMIT")


def ref_condition(ref: str) -> tuple[sql.SQL, int | str]:
    """`{ref}` in a path: a numeric id or a slug."""
    row_id = ref_id(ref)
    if row_id is not None:
        return sql.SQL("id = %s"), row_id
    return sql.SQL("slug = %s"), ref


async def _select(
    conn: AsyncConnection[Row], view: type[V], query: sql.Composed, params: tuple[Any, ...]
) -> list[V]:
    names = _SHAPES[view].names
    cursor = await conn.execute(query, params)
    return [
        msgspec.convert(dict(zip(names, row, strict=True)), view) for row in await cursor.fetchall()
    ]


async def _listed(
    conn: AsyncConnection[Row],
    view: type[V],
    inner: sql.Composed,
    params: tuple[Any, ...],
    order: sql.SQL,
) -> tuple[list[V], str]:
    """The rows of `inner` and the feed token of the snapshot they were read in, in one
    statement (one round trip): a snapshot row joined to the list, so the token comes
    back even when the list is empty."""
    query = sql.SQL(
        "SELECT snap.feed_end, listed.* FROM (SELECT {} AS feed_end) snap"
        " LEFT JOIN LATERAL ({}) listed ON true ORDER BY {}"
    ).format(sql.SQL(FEED_END), inner, order)
    rows = await (await conn.execute(query, params)).fetchall()
    names = _SHAPES[view].names
    items = [
        msgspec.convert(dict(zip(names, row[1:], strict=True)), view)
        for row in rows
        if row[1] is not None
    ]
    return items, Cursor(int(rows[0][0])).token


async def projects(
    conn: AsyncConnection[Row], *, include_archived: bool
) -> tuple[list[ProjectView], str]:
    """Projects by name, and the token of their snapshot."""
    where = sql.SQL("") if include_archived else sql.SQL(" WHERE archived_at IS NULL")
    inner = sql.SQL("SELECT {} FROM projects{}").format(_columns(ProjectView), where)
    order = sql.SQL("lower(listed.name), listed.id")
    return await _listed(conn, ProjectView, inner, (), order)


async def project(conn: AsyncConnection[Row], ref: str) -> ProjectView | None:
    condition, value = ref_condition(ref)
    query = sql.SQL("SELECT {} FROM projects WHERE {}").format(_columns(ProjectView), condition)
    found = await _select(conn, ProjectView, query, (value,))
    return found[0] if found else None


async def sessions(
    conn: AsyncConnection[Row],
    *,
    project: str | None,
    statuses: list[str] | None,
    before: tuple[datetime, int] | None,
    limit: int,
    needs_you: bool = False,
) -> tuple[list[SessionView], str]:
    """Newest first, and the token of their snapshot; `project` is a ref, `before` the
    (created_at, id) keyset position to continue from, `needs_you` keeps those with a
    pending permission request."""
    conditions: list[sql.Composable] = []
    params: list[Any] = []
    if project is not None:
        condition, value = ref_condition(project)
        conditions.append(
            sql.SQL("project_id = (SELECT id FROM projects WHERE {})").format(condition)
        )
        params.append(value)
    if statuses:
        conditions.append(sql.SQL("status = ANY(%s)"))
        params.append(statuses)
    if needs_you:
        conditions.append(sql.SQL("pending_requests > 0"))
    if before is not None:
        conditions.append(sql.SQL("(created_at, id) < (%s, %s)"))
        params.extend(before)
    where = sql.SQL(" WHERE ") + sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("")
    inner = sql.SQL("SELECT {} FROM sessions{} ORDER BY created_at DESC, id DESC LIMIT %s").format(
        _columns(SessionView), where
    )
    order = sql.SQL("listed.created_at DESC, listed.id DESC")
    return await _listed(conn, SessionView, inner, (*params, limit), order)


async def session(conn: AsyncConnection[Row], ref: str) -> SessionView | None:
    condition, value = ref_condition(ref)
    query = sql.SQL("SELECT {} FROM sessions WHERE {}").format(_columns(SessionView), condition)
    found = await _select(conn, SessionView, query, (value,))
    return found[0] if found else None


async def session_location(conn: AsyncConnection[Row], ref: str) -> tuple[int, str] | None:
    """A session's id and artifact directory, without reading the whole row."""
    condition, value = ref_condition(ref)
    query = sql.SQL("SELECT id, artifact_dir FROM sessions WHERE {}").format(condition)
    row = await (await conn.execute(query, (value,))).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


async def agents(conn: AsyncConnection[Row], session_id: int) -> list[AgentView]:
    query = sql.SQL("SELECT {} FROM agents WHERE session_id = %s ORDER BY id").format(
        _columns(AgentView)
    )
    return await _select(conn, AgentView, query, (session_id,))


async def retention(conn: AsyncConnection[Row], session_id: int) -> RetentionView | None:
    """What retention removed of a session's events, if anything."""
    query = sql.SQL(
        "SELECT horizon_position::text, events_removed, archive, started_at,"
        " finished_at FROM retention_horizons WHERE session_id = %s"
    )
    row = await (await conn.execute(query, (session_id,))).fetchone()
    if row is None:
        return None
    horizon, removed, archive, started_at, finished_at = row
    return RetentionView(
        horizon=horizon,
        events_removed=removed,
        archive=archive,
        started_at=started_at,
        finished_at=finished_at,
    )


async def agent_exists(conn: AsyncConnection[Row], agent_id: int) -> bool:
    cursor = await conn.execute("SELECT 1 FROM agents WHERE id = %s", (agent_id,))
    return await cursor.fetchone() is not None
