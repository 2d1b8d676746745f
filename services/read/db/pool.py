"""The read service's database connections: a query pool on the read-only role."""

from __future__ import annotations

from psycopg_pool import AsyncConnectionPool

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


_WRITABLE_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
ORDER BY c.relname
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
    if events is None:
        raise NotMigrated("the database has no events table: run `make migrate` first")
    if tables:
        raise WritableRole(
            f"role {role} can write to {', '.join(tables)}: the read service must connect"
            " as the read-only role (shared.db.database.reader_url)"
        )
