"""The retention command's SQL: which sessions qualify, their horizons, batched deletes.

A round removes the events of one old finished session. It first commits the session's
horizon (the last feed position it will remove: the session's highest visible position,
and since positions commit in order no row can still appear at or before it), then
deletes rows at or before it in small batches, each its own short transaction, and
marks the round finished. Deleting takes no position: only event-writing transactions
do. The read service compares resume tokens with the horizon, so a client never skips
removed rows silently. A round that was interrupted is picked up again with the same
horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from psycopg import Connection, sql

from shared.contract.cursor import Cursor
from shared.contract.enums import EventKind
from shared.contract.events import EventView
from shared.contract.lifecycle import TERMINAL
from shared.db.event_rows import EVENT_COLUMNS, event_view

Conn = Connection[tuple[Any, ...]]

FINISHED = sorted(status.value for status in TERMINAL)
"""Statuses a session must have for its events to be removed; the others can still run."""

LOCK_KEY = 0x70696C6F74_7274
"""pg_advisory_lock key held for a whole run: two runs never work side by side."""

_FINISHED_AT = "coalesce(s.finished_at, s.updated_at)"


@dataclass(frozen=True)
class Candidate:
    """An old finished session with events retention may remove."""

    id: int
    slug: str
    status: str
    finished_at: datetime


class Round(NamedTuple):
    session_id: int
    horizon: Cursor
    kept_event_id: int | None
    """The session's last `session_changed` at or before the horizon: never removed."""
    resumed: bool
    """True when an interrupted run had started this round."""


def try_lock(conn: Conn) -> bool:
    row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
    return bool(row and row[0])


def candidates(conn: Conn, older_than: timedelta) -> list[Candidate]:
    """Sessions finished before now - older_than with a round to start or finish."""
    rows = conn.execute(
        f"SELECT s.id, s.slug, s.status, {_FINISHED_AT} FROM sessions s"
        " LEFT JOIN retention_horizons r ON r.session_id = s.id"
        f" WHERE s.status = ANY(%s) AND {_FINISHED_AT} < now() - %s"
        " AND ((r.session_id IS NOT NULL AND r.finished_at IS NULL) OR EXISTS ("
        "   SELECT 1 FROM events e WHERE e.session_id = s.id"
        "   AND e.id IS DISTINCT FROM r.kept_event_id))"
        f" ORDER BY {_FINISHED_AT}, s.id",
        (FINISHED, older_than),
    ).fetchall()
    return [Candidate(*row) for row in rows]


def begin_round(conn: Conn, session_id: int, older_than: timedelta) -> Round | None:
    """Commit the horizon of a session's round (or find the unfinished one); None when
    the session no longer qualifies or has nothing settled to remove."""
    with conn.transaction():
        # FOR SHARE: a resume or retry of this session waits for this short transaction.
        still = conn.execute(
            f"SELECT s.status = ANY(%s) AND {_FINISHED_AT} < now() - %s FROM sessions s"
            " WHERE s.id = %s FOR SHARE",
            (FINISHED, older_than, session_id),
        ).fetchone()
        if not still or not still[0]:
            return None
        existing = conn.execute(
            "SELECT horizon_position, kept_event_id, finished_at IS NULL"
            " FROM retention_horizons WHERE session_id = %s",
            (session_id,),
        ).fetchone()
        if existing and existing[2]:
            return Round(session_id, Cursor(existing[0]), existing[1], resumed=True)
        last = conn.execute(
            "SELECT max(position) FROM events WHERE session_id = %s", (session_id,)
        ).fetchone()
        if last is None or last[0] is None or (existing and last[0] <= existing[0]):
            return None
        horizon = Cursor(int(last[0]))
        kept = conn.execute(
            "SELECT id FROM events WHERE session_id = %s AND kind = %s AND position <= %s"
            " ORDER BY position DESC LIMIT 1",
            (session_id, EventKind.SESSION_CHANGED.value, horizon.position),
        ).fetchone()
        kept_id = None if kept is None else int(kept[0])
        conn.execute(
            "INSERT INTO retention_horizons (session_id, horizon_position, kept_event_id)"
            " VALUES (%s, %s, %s) ON CONFLICT (session_id) DO UPDATE SET"
            " horizon_position = excluded.horizon_position,"
            " kept_event_id = excluded.kept_event_id, archive = NULL, started_at = now(),"
            " finished_at = NULL",
            (session_id, horizon.position, kept_id),
        )
    return Round(session_id, horizon, kept_id, resumed=False)


def removable(conn: Conn, session_id: int) -> tuple[int, int]:
    """Events a round would remove now and their size in the table (for --dry-run)."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(pg_column_size(e.*)), 0) FROM events e"
        " WHERE e.session_id = %s AND e.id IS DISTINCT FROM ("
        "   SELECT id FROM events WHERE session_id = %s AND kind = %s"
        "   ORDER BY position DESC LIMIT 1)",
        (session_id, session_id, EventKind.SESSION_CHANGED.value),
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


_PAGE = (
    sql.SQL("SELECT ")
    + EVENT_COLUMNS
    + sql.SQL(
        " FROM events WHERE session_id = %s AND position > %s AND position <= %s"
        " ORDER BY position LIMIT %s"
    )
)


def rows_to_archive(conn: Conn, round_: Round, after: Cursor, limit: int) -> list[EventView]:
    """The round's rows after `after`, at most `limit`, in feed order (one short read),
    payloads as stored."""
    params = (round_.session_id, after.position, round_.horizon.position, limit)
    return [event_view(row) for row in conn.execute(_PAGE, params).fetchall()]


def set_archive(conn: Conn, session_id: int, path: str) -> None:
    conn.execute(
        "UPDATE retention_horizons SET archive = %s WHERE session_id = %s", (path, session_id)
    )


_DELETE = (
    "WITH doomed AS ("
    "  SELECT position FROM events WHERE session_id = %(session)s"
    "  AND position <= %(horizon)s AND id IS DISTINCT FROM %(kept)s"
    "  ORDER BY position LIMIT %(limit)s"
    "), removed AS ("
    "  DELETE FROM events WHERE position IN (SELECT position FROM doomed) AND EXISTS ("
    "    SELECT 1 FROM sessions WHERE id = %(session)s AND status = ANY(%(finished)s))"
    "  RETURNING 1"
    ") UPDATE retention_horizons SET events_removed = events_removed + (SELECT count(*)"
    " FROM removed) WHERE session_id = %(session)s RETURNING (SELECT count(*) FROM removed)"
)


def delete_batch(conn: Conn, round_: Round, limit: int) -> int:
    """Delete up to `limit` of the round's rows in one short transaction (the statement);
    0 when none is left, or when the session was resumed meanwhile (its rows then stay)."""
    params = {
        "session": round_.session_id,
        "horizon": round_.horizon.position,
        "kept": round_.kept_event_id,
        "limit": limit,
        "finished": FINISHED,
    }
    row = conn.execute(_DELETE, params).fetchone()
    return 0 if row is None else int(row[0])


def finish_round(conn: Conn, session_id: int) -> None:
    conn.execute(
        "UPDATE retention_horizons SET finished_at = now() WHERE session_id = %s", (session_id,)
    )
