"""Guarantee 1: the read service's role can SELECT every table and write none."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from shared.db.schema import metadata
from tests.support.databases import TestDatabase

FIRST_COLUMN = {
    **{name: next(iter(table.primary_key.columns)).name for name, table in metadata.tables.items()},
    "alembic_version": "version_num",
}
"""Every table the migrations create (the schema's, so a new table is covered at once)."""
TABLES = sorted(FIRST_COLUMN)

WRITES = {
    "insert": "INSERT INTO {table} DEFAULT VALUES",
    "update": "UPDATE {table} SET {column} = {column}",
    "delete": "DELETE FROM {table}",
}


def _reader(database: TestDatabase) -> psycopg.Connection[tuple[object, ...]]:
    conn = psycopg.connect(database.reader_url, autocommit=True)
    # The role defaults to read-only transactions; lift that so the test reaches the
    # privilege check itself, which is what really stops writes.
    conn.execute("SET default_transaction_read_only = off")
    return conn


def test_reader_role_is_not_the_owner(database: TestDatabase) -> None:
    with _reader(database) as conn:
        row = conn.execute(
            "SELECT current_user, usesuper FROM pg_user WHERE usename = current_user"
        ).fetchone()
    assert row is not None
    assert row[0] == "pilothouse_reader"
    assert row[1] is False


@pytest.mark.parametrize("table", TABLES)
def test_reader_can_select(database: TestDatabase, table: str) -> None:
    with _reader(database) as conn:
        # The migrated, otherwise empty schema: a version, and the feed counter's one row.
        expected = 1 if table in ("alembic_version", "feed_counter") else 0
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (expected,)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_reader_cannot_write(database: TestDatabase, table: str, write: str) -> None:
    statement = WRITES[write].format(table=table, column=FIRST_COLUMN[table])
    with _reader(database) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(statement)


def test_reader_cannot_create_tables(database: TestDatabase) -> None:
    with _reader(database) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("CREATE TABLE sneaky (id int)")


def test_reader_sessions_default_to_read_only(database: TestDatabase) -> None:
    with psycopg.connect(database.reader_url) as conn:
        assert conn.execute("SHOW default_transaction_read_only").fetchone() == ("on",)


def test_tables_created_later_are_readable(database: TestDatabase) -> None:
    """Default privileges: a table a future migration adds is readable without a new grant."""
    with psycopg.connect(database.url, autocommit=True) as owner:
        owner.execute("CREATE TABLE later_table (id int)")
    with _reader(database) as conn:
        assert conn.execute("SELECT count(*) FROM later_table").fetchone() == (0,)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("INSERT INTO later_table VALUES (1)")


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TEMP TABLE sneaky (id int)",
        "SELECT lo_create(0)",
        "SELECT lo_from_bytea(0, 'x')",
        "SELECT pg_try_advisory_lock(1)",
        "SELECT pg_advisory_lock(1347897170, 1)",
        "SELECT pg_try_advisory_xact_lock(1347897170, 1)",
    ],
)
def test_reader_has_no_temp_tables_large_objects_or_advisory_locks(
    database: TestDatabase, statement: str
) -> None:
    """The read role cannot stash data in temporary tables or large objects, nor take the
    advisory locks by which recovery tells a live orchestrator from a dead one."""
    with _reader(database) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(statement)


def test_the_owner_keeps_advisory_locks(database: TestDatabase) -> None:
    with psycopg.connect(database.url, autocommit=True) as owner:
        assert owner.execute("SELECT pg_try_advisory_lock(1347897170, 1)").fetchone() == (True,)
        assert owner.execute("SELECT lo_unlink(lo_create(0))").fetchone() == (1,)
