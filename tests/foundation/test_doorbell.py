"""The doorbell: one NOTIFY per committed transaction that appends events, none otherwise."""

from __future__ import annotations

import psycopg
import pytest

from shared.db.feed_positions import TAKE_POSITIONS
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


def _append(conn: psycopg.Connection[tuple[object, ...]], project: int, count: int = 1) -> int:
    """`count` events of the project, with positions from the feed counter; rows written."""
    inserted = conn.execute(
        f"WITH taken AS ({TAKE_POSITIONS}) INSERT INTO events (position, project_id, kind, payload)"
        " SELECT last_position - %s + n, %s, 'text', jsonb_build_object('n', n)"
        " FROM taken, generate_series(1, %s) n",
        (count, count, project, count),
    )
    return inserted.rowcount


def test_one_notification_per_transaction(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        with writer.transaction():
            for _ in range(5):
                inserted = _append(writer, project, 20)
                assert inserted == 20  # five statements that each append events
        assert _rung_before_marker(listener, database.url) == [DOORBELL_CHANNEL]


def test_rolled_back_transaction_rings_nothing(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        _append(writer, project)
        writer.rollback()
        assert _rung_before_marker(listener, database.url) == []


def test_notification_arrives_only_after_commit(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        _append(writer, project)
        assert _rung_before_marker(listener, database.url) == []
        writer.commit()
        assert _rung_before_marker(listener, database.url) == [DOORBELL_CHANNEL]


def test_an_event_without_a_position_is_refused(database: TestDatabase) -> None:
    """Positions come only from the feed counter: the column has no default to fall
    back on, so a writer that forgets to take them fails instead of breaking the order."""
    with psycopg.connect(database.url) as writer:
        project = _project(writer)
        with pytest.raises(psycopg.errors.NotNullViolation):
            writer.execute("INSERT INTO events (project_id, kind) VALUES (%s, 'text')", (project,))


def test_positions_follow_the_counter_without_gaps(database: TestDatabase) -> None:
    with psycopg.connect(database.url, autocommit=True) as writer:
        project = _project(writer)
        with writer.transaction():
            _append(writer, project, 3)
        with writer.transaction():
            _append(writer, project, 2)
            raise psycopg.Rollback  # taken, then rolled back: handed out to no one
        with writer.transaction():
            _append(writer, project, 2)
        positions = [row[0] for row in writer.execute("SELECT position FROM events ORDER BY 1")]
        counter = writer.execute("SELECT last_position FROM feed_counter").fetchone()
    assert positions == list(range(1, 6))
    assert counter == (5,)
