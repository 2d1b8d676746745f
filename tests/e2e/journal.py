"""Reading the database the way the tests check the UI against it (owner connection)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row


def session_event_ids(database_url: str, session_id: int) -> list[int]:
    """Every event id of a session, in feed order."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT id FROM events WHERE session_id = %s ORDER BY xid, id", (session_id,)
        ).fetchall()
    return [row[0] for row in rows]


def session_row(database_url: str, session_id: int) -> dict[str, Any]:
    with psycopg.connect(database_url, row_factory=dict_row) as conn:
        row = conn.execute("SELECT * FROM sessions WHERE id = %s", (session_id,)).fetchone()
    assert row is not None, f"no session {session_id}"
    return row
