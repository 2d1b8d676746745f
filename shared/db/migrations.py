"""Run the alembic migrations against a connection string, from code or `make migrate`."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg
import sqlalchemy as sa
from alembic.config import Config

from alembic import command
from shared.config.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(conninfo: str) -> Config:
    """An alembic Config bound to `conninfo` (libpq URI or key=value string)."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "alembic"))
    config.attributes["conninfo"] = conninfo
    return config


def engine_for(conninfo: str) -> sa.Engine:
    """A SQLAlchemy engine over psycopg 3 that opens exactly `conninfo`."""
    return sa.create_engine(
        "postgresql+psycopg://", creator=lambda: psycopg.connect(conninfo), poolclass=sa.NullPool
    )


def upgrade(conninfo: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(conninfo), revision)


def downgrade(conninfo: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(conninfo), revision)


def main(argv: list[str] | None = None) -> None:
    """`python -m shared.db.migrations [upgrade|downgrade] [revision]` on the resolved database."""
    from shared.db.database import resolve_database  # noqa: PLC0415

    args = sys.argv[1:] if argv is None else argv
    action = args[0] if args else "upgrade"
    if action not in ("upgrade", "downgrade"):
        raise SystemExit(
            f"usage: python -m shared.db.migrations upgrade|downgrade [rev]; not {action!r}"
        )
    revision = args[1] if len(args) > 1 else ("head" if action == "upgrade" else "base")
    resolved = resolve_database(get_settings())
    (upgrade if action == "upgrade" else downgrade)(resolved.url, revision)
    print(f"pilothouse: {action} to {revision} done on the {resolved.source} database")


if __name__ == "__main__":
    main()
