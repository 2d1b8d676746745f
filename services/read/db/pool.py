"""The read service's database connections: a query pool on the read-only role."""

from __future__ import annotations

import logging

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

log = logging.getLogger(__name__)

APPLICATION_NAME = "pilothouse-read"


class WritableRole(RuntimeError):
    """The read service was given credentials that can write; it refuses to run."""


def create_pool(conninfo: str, *, min_size: int = 2, max_size: int = 8) -> AsyncConnectionPool:
    """A closed pool of autocommit connections; open it with `await pool.open()`."""
    return AsyncConnectionPool(
        conninfo,
        min_size=min_size,
        max_size=max_size,
        kwargs={"autocommit": True, "application_name": APPLICATION_NAME},
        open=False,
        name="pilothouse-read",
    )


def connection_lost(exc: BaseException) -> bool:
    """True when `exc` says the connection died under the query (its backend terminated,
    the server restarted, the socket closed) — not that the database refused the query
    (a cancelled or failing statement), nor that no connection could be had at all."""
    if not isinstance(exc, psycopg.OperationalError) or isinstance(exc, PoolTimeout):
        return False
    state = exc.sqlstate
    # None: the client lost the socket; 08: connection exception; 57P: the server ended it.
    return state is None or state.startswith(("08", "57P"))


async def replace_dead_connections(pool: AsyncConnectionPool) -> None:
    """Check every idle connection of `pool`, replacing those that died with new ones.
    One dead connection rarely comes alone: a restart or a terminate kills them all."""
    log.warning("a pooled database connection died; checking the others")
    await pool.check()


_WRITABLE_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
ORDER BY c.relname
"""


_EXTRA_POWERS = """
SELECT array_remove(ARRAY[
  CASE WHEN has_database_privilege(current_database(), 'TEMPORARY') THEN 'temporary tables' END,
  CASE WHEN has_function_privilege('lo_create(oid)', 'EXECUTE') THEN 'large objects' END,
  CASE WHEN has_function_privilege('pg_try_advisory_lock(bigint)', 'EXECUTE')
       THEN 'advisory locks' END
], NULL)
"""


class NotMigrated(RuntimeError):
    """The database has no Pilothouse schema yet."""


async def check_database(pool: AsyncConnectionPool) -> None:
    """Refuse to serve a database without the schema, or a role that may change any
    table (guarantee 1: the read service runs as the SELECT-only role, never the owner)."""
    async with pool.connection() as conn:
        cursor = await conn.execute("SELECT current_user, to_regclass('public.events')")
        row = await cursor.fetchone()
        assert row is not None
        role, events = row
        cursor = await conn.execute(_WRITABLE_TABLES)
        tables = [table for (table,) in await cursor.fetchall()]
        cursor = await conn.execute(_EXTRA_POWERS)
        powers = await cursor.fetchone()
    if events is None:
        raise NotMigrated("the database has no events table: run `make migrate` first")
    if powers is not None and powers[0]:
        # Migration 0006 takes these away when it runs as a superuser.
        log.warning(
            "role %s may still use %s: migrate as a superuser to take them away",
            role,
            ", ".join(powers[0]),
        )
    if tables:
        raise WritableRole(
            f"role {role} can write to {', '.join(tables)}: the read service must connect"
            " as the read-only role (shared.db.database.reader_url)"
        )
