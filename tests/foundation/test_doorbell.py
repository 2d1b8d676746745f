"""The doorbell: one NOTIFY per committed transaction that appends events, none otherwise."""

from __future__ import annotations

import psycopg

from shared.db.schema import DOORBELL_CHANNEL
from tests.support.databases import TestDatabase

MARKER = "pilothouse_test_marker"
"""A channel only the test notifies: PostgreSQL delivers notifications of different
transactions in commit order, so whatever the doorbell rang before a marker committed
after it has arrived once the marker has."""


def _listener(url: str) -> psycopg.Connection[tuple[object, ...]]:
    conn = psycopg.connect(url, autocommit=True)
    conn.execute(f"LISTEN {DOORBELL_CHANNEL}")
    conn.execute(f"LISTEN {MARKER}")
    return conn


def _rung_before_marker(conn: psycopg.Connection[tuple[object, ...]], url: str) -> list[str]:
    """Commit a marker notification now; the doorbell rings that arrived before it."""
    with psycopg.connect(url, autocommit=True) as marker:
        marker.execute(f"NOTIFY {MARKER}")
    received: list[str] = []
    for note in conn.notifies(timeout=10):
        if note.channel == MARKER:
            return received
        received.append(note.channel)
    raise AssertionError(f"the marker never arrived (received {received})")


def _project(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    row = conn.execute(
        "INSERT INTO projects (slug, name, path) VALUES ('p', 'P', '/tmp') RETURNING id"
    ).fetchone()
    assert row is not None
    project_id = row[0]
    assert isinstance(project_id, int)
    return project_id


def test_one_notification_per_transaction(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        with writer.transaction():
            for _ in range(5):
                inserted = writer.execute(
                    "INSERT INTO events (project_id, kind, payload)"
                    " SELECT %s, 'text', jsonb_build_object('n', n) FROM generate_series(1, 20) n",
                    (project,),
                )
                assert inserted.rowcount == 20  # five statements that each append events
        assert _rung_before_marker(listener, database.url) == [DOORBELL_CHANNEL]


def test_rolled_back_transaction_rings_nothing(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        writer.execute("INSERT INTO events (project_id, kind) VALUES (%s, 'text')", (project,))
        writer.rollback()
        assert _rung_before_marker(listener, database.url) == []


def test_notification_arrives_only_after_commit(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        writer.execute("INSERT INTO events (project_id, kind) VALUES (%s, 'text')", (project,))
        assert _rung_before_marker(listener, database.url) == []
        writer.commit()
        assert _rung_before_marker(listener, database.url) == [DOORBELL_CHANNEL]


def test_every_event_carries_its_transaction_id(database: TestDatabase) -> None:
    with psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.execute(
            "INSERT INTO events (project_id, kind) VALUES (%s, 'text'), (%s, 'text')",
            (project, project),
        )
        row = writer.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()
        writer.commit()
        xids = writer.execute("SELECT DISTINCT xid::text::bigint FROM events").fetchall()
    assert row is not None
    assert xids == [(row[0],)]
