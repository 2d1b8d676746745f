"""The doorbell: one NOTIFY per committed transaction that appends events, none otherwise."""

from __future__ import annotations

import time

import psycopg

from shared.db.schema import DOORBELL_CHANNEL
from tests.support.databases import TestDatabase


def _listener(url: str) -> psycopg.Connection[tuple[object, ...]]:
    conn = psycopg.connect(url, autocommit=True)
    conn.execute(f"LISTEN {DOORBELL_CHANNEL}")
    return conn


def _drain(conn: psycopg.Connection[tuple[object, ...]], wait: float) -> list[str]:
    """Every notification that arrives within `wait` seconds."""
    received = []
    deadline = time.monotonic() + wait
    while (left := deadline - time.monotonic()) > 0:
        for note in conn.notifies(timeout=left, stop_after=1):
            received.append(note.channel)
    return received


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
            for batch in range(5):
                writer.execute(
                    "INSERT INTO events (project_id, kind, payload)"
                    " SELECT %s, 'text', jsonb_build_object('n', n) FROM generate_series(1, 20) n",
                    (project,),
                )
                assert batch >= 0
        assert _drain(listener, 0.5) == [DOORBELL_CHANNEL]


def test_rolled_back_transaction_rings_nothing(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        writer.execute("INSERT INTO events (project_id, kind) VALUES (%s, 'text')", (project,))
        writer.rollback()
        assert _drain(listener, 0.5) == []


def test_notification_arrives_only_after_commit(database: TestDatabase) -> None:
    with _listener(database.url) as listener, psycopg.connect(database.url) as writer:
        project = _project(writer)
        writer.commit()
        writer.execute("INSERT INTO events (project_id, kind) VALUES (%s, 'text')", (project,))
        assert _drain(listener, 0.3) == []
        writer.commit()
        assert _drain(listener, 0.5) == [DOORBELL_CHANNEL]


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
