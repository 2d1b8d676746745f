"""Scratch databases on the suite's PostgreSQL server: created, migrated or copied, dropped.

Migrations run once into a template database; each test that asks for `database` gets
its own copy of it, created in a few tens of ms.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from psycopg import sql

from shared.db import migrations
from shared.db.database import with_dbname


@dataclass(frozen=True)
class TestDatabase:
    """A scratch database with the schema migrated; dropped after the test."""

    name: str
    url: str
    """Owner (writer) connection string, as the orchestrator uses."""
    reader_url: str
    """Read-only role connection string, as the read service uses."""

    __test__ = False


def _drop(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _create(server_url: str, name: str, template: str | None = None) -> None:
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(statement)
        if template:
            # A copy gets the template's catalogs (function grants) but not its
            # database-level grants (migration 0006 revokes TEMPORARY): copy those too.
            conn.execute(
                "UPDATE pg_database SET datacl = (SELECT datacl FROM pg_database"
                " WHERE datname = %s) WHERE datname = %s",
                (template, name),
            )


@contextlib.contextmanager
def scratch_database(
    server_url: str, prefix: str, *, template: str | None = None, migrate: bool = False
) -> Iterator[str]:
    """Owner URL of a new database on the server (a copy of `template`, or migrated to
    head with `migrate`, or empty), dropped when the block ends."""
    name = f"{prefix}_{secrets.token_hex(6)}"
    _create(server_url, name, template=template)
    try:
        url = with_dbname(server_url, name)
        if migrate:
            migrations.upgrade(url)
        yield url
    finally:
        _drop(server_url, name)
