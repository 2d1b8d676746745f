"""Migrations build the whole schema from nothing, tear it down, and match the models."""

from __future__ import annotations

import psycopg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shared.db import migrations
from shared.db.schema import metadata

TABLES = {"projects", "sessions", "agents", "events", "retention_horizons"}


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    return {name for (name,) in rows}


def _schema_diff(url: str) -> list[object]:
    engine = migrations.engine_for(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    return list(diff)


def test_upgrade_downgrade_upgrade_on_empty_database(empty_db: str) -> None:
    migrations.upgrade(empty_db)
    assert _tables(empty_db) >= TABLES

    migrations.downgrade(empty_db, "base")
    assert _tables(empty_db) == {"alembic_version"}
    with psycopg.connect(empty_db) as conn:
        functions = conn.execute(
            "SELECT count(*) FROM pg_proc WHERE proname = 'pilothouse_ring_doorbell'"
        ).fetchone()
    assert functions == (0,)

    migrations.upgrade(empty_db)
    assert _tables(empty_db) >= TABLES


def test_models_match_migrated_schema(database: object) -> None:
    url = database.url  # type: ignore[attr-defined]
    assert _schema_diff(url) == []


def test_autogenerate_comparison_notices_a_drift(database: object) -> None:
    """The comparison above can fail: a column the models lack is reported."""
    url = database.url  # type: ignore[attr-defined]
    with psycopg.connect(url) as conn:
        conn.execute("ALTER TABLE sessions ADD COLUMN stray integer")
    diff = _schema_diff(url)
    assert any("stray" in repr(item) for item in diff)
