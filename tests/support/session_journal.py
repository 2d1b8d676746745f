"""Reading the database the way the tests check the UI against it (owner connection)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row


def session_event_ids(database_url: str, session_id: int) -> list[int]:
    """Every event id of a session, in feed order."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT id FROM events WHERE session_id = %s ORDER BY position", (session_id,)
        ).fetchall()
    return [row[0] for row in rows]


def session_row(database_url: str, session_id: int) -> dict[str, Any]:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        row = conn.execute("SELECT * FROM sessions WHERE id = %s", (session_id,)).fetchone()
    assert row is not None, f"no session {session_id}"
    return row


def session_agents(database_url: str, session_id: int) -> list[dict[str, Any]]:
    """The session's agent rows, oldest first."""
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        return conn.execute(
            "SELECT * FROM agents WHERE session_id = %s ORDER BY id", (session_id,)
        ).fetchall()


def age_session(database_url: str, session_id: int, days: int) -> None:
    """Move a session's timestamps `days` into the past, as if it had run back then (for
    the retention tests: the command only removes events of sessions finished long ago)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE sessions SET created_at = created_at - make_interval(days => %(days)s),"
            " started_at = started_at - make_interval(days => %(days)s),"
            " finished_at = finished_at - make_interval(days => %(days)s) WHERE id = %(id)s",
            {"days": days, "id": session_id},
        )
