"""read role limits: no temporary tables, large objects or advisory locks for it

Every role gets TEMPORARY on a database and EXECUTE on the large-object and
advisory-lock functions through PUBLIC. The read-only role could thus create temporary
tables and large objects (after `SET default_transaction_read_only = off`, which any
role may do) and take the orchestrator's advisory locks, which recovery reads as "that
worker is alive". These grants move from PUBLIC to the role that migrates, which is the
role the orchestrator connects as. Function privileges live in each database's own
catalog, so this stays inside Pilothouse's database.

Revoking from PUBLIC needs a superuser (the functions belong to the bootstrap
superuser); migrating as another role leaves the grants as they were, with a NOTICE,
and the read service warns at start-up (services/read/db/pool.py).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LOCKS = [
    f"pg_{try_}advisory_{xact}lock{shared}({args})"
    for try_ in ("", "try_")
    for xact in ("", "xact_")
    for shared in ("", "_shared")
    for args in ("bigint", "integer, integer")
]
_UNLOCKS = [
    f"pg_advisory_unlock{shared}({args})"
    for shared in ("", "_shared")
    for args in ("bigint", "integer, integer")
] + ["pg_advisory_unlock_all()"]
_LARGE_OBJECTS = [
    "lo_creat(integer)",
    "lo_create(oid)",
    "lo_from_bytea(oid, bytea)",
    "lo_import(text)",
    "lo_import(text, oid)",
    "lo_open(oid, integer)",
    "lowrite(integer, bytea)",
    "lo_put(oid, bigint, bytea)",
    "lo_truncate(integer, integer)",
    "lo_truncate64(integer, bigint)",
    "lo_unlink(oid)",
    "lo_export(oid, text)",
]
FUNCTIONS = [*_LOCKS, *_UNLOCKS, *_LARGE_OBJECTS]


def _as_superuser(statements: list[str]) -> None:
    body = "\n".join(f"    EXECUTE {statement!r};" for statement in statements)
    op.execute(
        f"""
        DO $$
        BEGIN
          IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RAISE NOTICE 'not a superuser: the read role keeps TEMPORARY, large objects and'
              ' advisory locks (migrate as a superuser to take them away)';
            RETURN;
          END IF;
{body}
        END $$
        """
    )


def upgrade() -> None:
    functions = ", ".join(FUNCTIONS)
    _as_superuser(
        [
            f"REVOKE EXECUTE ON FUNCTION {functions} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {functions} TO CURRENT_USER",
        ]
    )
    op.execute(
        "DO $$ BEGIN"
        " EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());"
        " EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO CURRENT_USER', current_database());"
        " END $$"
    )


def downgrade() -> None:
    functions = ", ".join(FUNCTIONS)
    _as_superuser([f"GRANT EXECUTE ON FUNCTION {functions} TO PUBLIC"])
    op.execute(
        "DO $$ BEGIN"
        " EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO PUBLIC', current_database());"
        " END $$"
    )
