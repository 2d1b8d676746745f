"""Migration 0007 on a journal written by the first feed design: existing rows are
numbered in their old `(xid, id)` order, retention horizons become positions, and every
old `<xid>-<id>` token still resumes exactly where it did."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from services.read.db.legacy_tokens import resolve
from shared.config.settings import Settings
from shared.contract.cursor import Cursor, LegacyToken, parse_token
from shared.db import migrations
from shared.db.database import reader_url

Conn = psycopg.Connection[tuple[Any, ...]]


def _append(conn: Conn, session: int, text: str) -> None:
    conn.execute(
        "INSERT INTO events (project_id, session_id, kind, payload)"
        " VALUES (1, %s, 'text', jsonb_build_object('text', %s::text))",
        (session, text),
    )


def _old_journal(url: str) -> dict[str, str]:
    """Two sessions; transactions overlapping so that ids commit out of order, and a
    retention round on the first session (as 0006 left it). Returns the tokens clients
    were given: each row's by its text, and a snapshot's."""
    with psycopg.connect(url, autocommit=True) as setup:
        setup.execute("INSERT INTO projects (slug, name, path) VALUES ('p', 'P', '/tmp')")
        for n in (1, 2):
            setup.execute(
                "INSERT INTO sessions (slug, project_id, title, prompt, phases, artifact_dir,"
                " model_mode, status) VALUES (%s, 1, 't', 'p', ARRAY['spec'], '/tmp',"
                " 'scripted', 'completed')",
                (f"s{n}",),
            )
    with psycopg.connect(url) as early, psycopg.connect(url) as late:
        _append(early, 1, "early 1")  # the older transaction (lower xid) ...
        _append(late, 2, "late 1")
        _append(late, 2, "late 2")
        late.commit()  # ... commits last, with the highest id among its rows too
        _append(early, 1, "early 2")
        early.commit()
    with psycopg.connect(url) as conn:
        for n in range(3):
            _append(conn, 1 + n % 2, f"after {n}")
        conn.commit()
        rows = conn.execute(
            "SELECT payload->>'text', xid::text || '-' || id FROM events ORDER BY xid, id"
        ).fetchall()
        xmin = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").fetchone()
        assert xmin is not None
        conn.commit()
        conn.execute(
            "INSERT INTO retention_horizons (session_id, horizon_xid, horizon_id, events_removed)"
            " SELECT 1, xid, id, 1 FROM events WHERE payload->>'text' = 'early 2'"
        )
        conn.execute("DELETE FROM events WHERE payload->>'text' = 'early 1'")
        conn.commit()
    return {**dict(rows), "snapshot": f"{xmin[0]}-0"}


@pytest.fixture
def old_tokens(empty_db: str) -> dict[str, str]:
    """The database at 0006 with a journal, and the tokens it handed out."""
    migrations.upgrade(empty_db, "0006")
    return _old_journal(empty_db)


async def test_existing_rows_keep_their_order_and_old_tokens_resume_exactly(
    empty_db: str, old_tokens: dict[str, str], settings: Settings
) -> None:
    migrations.upgrade(empty_db)
    with psycopg.connect(empty_db) as conn:
        texts = [
            row[0] for row in conn.execute("SELECT payload->>'text' FROM events ORDER BY position")
        ]
        positions = [row[0] for row in conn.execute("SELECT position FROM events ORDER BY 1")]
        counter = conn.execute("SELECT last_position FROM feed_counter").fetchone()
        horizon = conn.execute("SELECT horizon_position FROM retention_horizons").fetchone()
    # The old feed order: the early transaction's rows first (its xid is lower), though
    # the late one committed first and took lower ids.
    assert texts == ["early 2", "late 1", "late 2", "after 0", "after 1", "after 2"]
    assert positions == list(range(1, 7))
    assert counter == (6,)
    assert horizon == (1,)

    position_of = dict(zip(texts, positions, strict=True))
    async with await psycopg.AsyncConnection.connect(
        reader_url(empty_db, settings), autocommit=True
    ) as reader:
        for text, token in old_tokens.items():
            parsed = parse_token(token)
            assert isinstance(parsed, LegacyToken)
            after = await resolve(reader, parsed)
            before = await resolve(reader, parsed, before=True)
            if text == "snapshot":  # after every row it could see
                assert after == before == Cursor(6)
            elif text == "early 1":  # removed by retention: it stood before "early 2"
                assert after == before == Cursor(0)
            else:
                assert after == Cursor(position_of[text]), text
                assert before == Cursor(position_of[text] - 1), text
        assert parse_token("0-0") == Cursor(0)
    assert set(old_tokens) == {*texts, "early 1", "snapshot"}


def test_an_insert_without_a_position_fails_after_the_migration(
    empty_db: str, old_tokens: dict[str, str]
) -> None:
    migrations.upgrade(empty_db)
    with psycopg.connect(empty_db) as conn, pytest.raises(psycopg.errors.NotNullViolation):
        _append(conn, 1, "the old way")
