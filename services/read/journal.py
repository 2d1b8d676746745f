"""Reading the `events` journal in feed order: the tailer's batches, topic backfills and
the REST event pages. Plain SQL, SELECT only.

Every read is in `(xid, id)` order and only returns rows whose transaction id is below
the xmin of the statement's own snapshot: such a transaction is over, so no row can
later appear at a position the reader has already passed (DESIGN.md, "The change feed").
"""

from __future__ import annotations

from typing import Any, NamedTuple

from psycopg import AsyncConnection, sql

from services.read.topics import RowFilter
from shared.cursor import Cursor
from shared.enums import EventKind
from shared.wire import EventView

Row = tuple[Any, ...]

# The cast xid is renamed: left as "xid", ORDER BY xid would sort by the cast expression
# instead of walking the (…, xid, id) indexes in order.
_COLUMNS = sql.SQL(
    "id, xid::text::bigint AS xid_number, project_id, session_id, agent_id, kind, payload,"
    " created_at"
)


_KINDS = {kind.value: kind for kind in EventKind}
"""Text to enum by dict lookup: EventKind(text) costs several times more per row."""


def event_view(row: Row) -> EventView:
    """An EventView from a row selected with the journal's column list."""
    event_id, xid = row[0], row[1]
    return EventView(
        id=event_id,
        xid=xid,
        token=f"{xid}-{event_id}",
        project_id=row[2],
        session_id=row[3],
        agent_id=row[4],
        kind=_KINDS[row[5]],
        payload=row[6],
        created_at=row[7],
    )


class FeedBatch(NamedTuple):
    """The next rows of the whole feed, and whether newer committed rows wait behind an
    older transaction that is still open (or has just rolled back)."""

    events: list[EventView]
    held_back: bool


# One statement instead of "rows below xmin" plus "anything at or above it?": rows come
# in (xid, id) order, so the deliverable ones are a prefix and the first held-back row
# (a committed transaction newer than the oldest one still running) ends it.
_FEED_BATCH = (
    sql.SQL("SELECT ")
    + _COLUMNS
    + sql.SQL(
        ", xid >= pg_snapshot_xmin(pg_current_snapshot()) FROM events"
        " WHERE (xid, id) > (%s::text::xid8, %s) ORDER BY xid, id LIMIT %s"
    )
)


async def feed_batch(conn: AsyncConnection[Row], after: Cursor, limit: int) -> FeedBatch:
    """Up to `limit` rows of the whole feed strictly after `after`."""
    cursor = await conn.execute(_FEED_BATCH, (str(after.xid), after.id, limit))
    events: list[EventView] = []
    for row in await cursor.fetchall():
        if row[8]:
            return FeedBatch(events, held_back=True)
        events.append(event_view(row))
    return FeedBatch(events, held_back=False)


def _page_query(condition: sql.Composable, direction: str) -> sql.Composed:
    comparison, order = (">", "ASC") if direction == "after" else ("<", "DESC")
    return (
        sql.SQL("SELECT ")
        + _COLUMNS
        + sql.SQL(" FROM events WHERE ")
        + condition
        + sql.SQL(
            f" AND (xid, id) {comparison} (%s::text::xid8, %s)"
            " AND xid < pg_snapshot_xmin(pg_current_snapshot())"
            f" ORDER BY xid {order}, id {order} LIMIT %s"
        )
    )


async def rows_after(
    conn: AsyncConnection[Row], rows: RowFilter, after: Cursor, limit: int
) -> list[EventView]:
    """Up to `limit` rows matching `rows` strictly after `after`, ascending."""
    query = _page_query(rows.condition, "after")
    cursor = await conn.execute(query, (*rows.params, str(after.xid), after.id, limit))
    return [event_view(row) for row in await cursor.fetchall()]


async def rows_before(
    conn: AsyncConnection[Row], rows: RowFilter, before: Cursor, limit: int
) -> list[EventView]:
    """Up to `limit` rows matching `rows` strictly before `before`, still ascending."""
    query = _page_query(rows.condition, "before")
    cursor = await conn.execute(query, (*rows.params, str(before.xid), before.id, limit))
    return [event_view(row) for row in reversed(await cursor.fetchall())]


async def feed_end(conn: AsyncConnection[Row]) -> Cursor:
    """A position every finished transaction's rows lie at or before, and every later
    one's after: where a tailer that starts now begins."""
    cursor = await conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    row = await cursor.fetchone()
    assert row is not None
    return Cursor.before_xid(int(row[0]))
